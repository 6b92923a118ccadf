global using System.Collections.Immutable;
global using Accord.Grains.Abstractions.Common;
global using Accord.Grains.Tests.Infrastructure;

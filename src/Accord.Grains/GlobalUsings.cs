global using System.Collections.Immutable;
global using Accord.Grains.Abstractions.Common;
global using Orleans.Runtime;

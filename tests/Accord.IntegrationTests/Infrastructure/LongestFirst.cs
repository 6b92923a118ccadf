using Xunit.Abstractions;
using Xunit.Sdk;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>
/// A test class (or collection definition) that takes much longer than the rest, with the seconds it usually takes:
/// <see cref="LongestFirst"/> starts its collection before the short ones.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Orders test collections longest first (those marked <see cref="RunsLongAttribute"/>, by their seconds), then the
/// rest in xunit's default order: started first, the long ones overlap the many short ones instead of running alone
/// at the end.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    public const string TypeName = "Accord.IntegrationTests.Infrastructure.LongestFirst";

    public const string AssemblyName = "Accord.IntegrationTests";

    private const string PerClassPrefix = "Test collection for ";

    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        _default.OrderTestCollections(testCollections).OrderByDescending(Seconds);

    private static int Seconds(ITestCollection collection)
    {
        var type = collection.CollectionDefinition
            ?? (collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
                ? collection.TestAssembly.Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..])
                : null);
        var runsLong = type?.GetCustomAttributes(typeof(RunsLongAttribute)).FirstOrDefault();
        return runsLong?.GetConstructorArguments().FirstOrDefault() is int seconds ? seconds : 0;
    }
}

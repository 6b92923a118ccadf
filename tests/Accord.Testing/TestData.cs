namespace Accord.Testing;

/// <summary>
/// Test data kept in the repository under <c>tests/Accord.Testing/Data</c> and copied beside the binaries of
/// every test project that references Accord.Testing (a project's own <c>Data/</c> files land in the same folder).
/// </summary>
public static class TestData
{
    /// <summary>The absolute path of a file under the test binaries' <c>Data</c> folder.</summary>
    public static string PathOf(params string[] relative) => Path.Combine([AppContext.BaseDirectory, "Data", .. relative]);

    /// <summary>The PauseTreaty domain in Accord's JSON domain format.</summary>
    public static string PauseTreatyJson => PathOf("PauseTreaty.json");
}

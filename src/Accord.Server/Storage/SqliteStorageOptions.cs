namespace Accord.Server.Storage;

/// <summary>Where the embedded SQLite store lives.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Path of the SQLite file (created if missing).</summary>
    public string DatabasePath { get; set; } = Path.Combine("accord-data", "accord.db");
}

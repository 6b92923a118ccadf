// Orleans cluster membership on PostgreSQL (deploy/postgres/accord-cluster.sql): the IMembershipTable
// contract. Each change to a silo's row also moves the cluster's version row forward; both are checked by
// ETag in one transaction, so two silos can never both win a conflicting update (the Orleans membership
// protocol relies on this to agree on who is dead). Reads take one snapshot of version and rows.
using System.Data;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Accord.Server.Storage;

/// <summary>The membership table of one Orleans cluster (its ClusterId) in PostgreSQL.</summary>
public sealed class PostgresMembershipTable(PostgresDatabase database, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private const string Columns =
        "silo_address, silo_name, host_name, role_name, status, proxy_port, update_zone, fault_zone, start_time, i_am_alive, suspect_times, etag";

    private string ClusterId => cluster.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, default);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await database.CheckSchemaAsync(cancellationToken);
        if (tryInitTableVersion)
        {
            await using var command = database.DataSource.CreateCommand(
                "INSERT INTO accord_membership_version (cluster_id, version, etag) VALUES (@c, 0, 0) ON CONFLICT DO NOTHING");
            command.Parameters.AddWithValue("c", ClusterId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, default);

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM accord_membership_version WHERE cluster_id = @c");
        command.Parameters.AddWithValue("c", clusterId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, default);

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM accord_membership WHERE cluster_id = @c AND i_am_alive < @before AND status <> @active");
        command.Parameters.AddWithValue("c", ClusterId);
        command.Parameters.AddWithValue("before", beforeDate.UtcDateTime);
        command.Parameters.AddWithValue("active", (int)SiloStatus.Active);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, default);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) => ReadAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(default);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, default);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, rowEtag: null, tableVersion, cancellationToken);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, default);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        WriteAsync(entry, etag, tableVersion, cancellationToken);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, default);

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE accord_membership SET i_am_alive = @alive WHERE cluster_id = @c AND silo_address = @a");
        command.Parameters.AddWithValue("c", ClusterId);
        command.Parameters.AddWithValue("a", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("alive", Utc(entry.IAmAliveTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves the version forward and inserts (rowEtag null) or updates the row, all or nothing.</summary>
    private async Task<bool> WriteAsync(MembershipEntry entry, string? rowEtag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var version = new NpgsqlCommand(
            "UPDATE accord_membership_version SET version = @v, etag = etag + 1, updated_at = now() WHERE cluster_id = @c AND etag = @etag",
            connection, transaction))
        {
            version.Parameters.AddWithValue("c", ClusterId);
            version.Parameters.AddWithValue("v", tableVersion.Version);
            version.Parameters.AddWithValue("etag", ParseEtag(tableVersion.VersionEtag));
            if (await version.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        await using var row = new NpgsqlCommand(rowEtag is null
            ? $"INSERT INTO accord_membership (cluster_id, {Columns}) VALUES (@c, @a, @name, @host, @role, @status, @proxy, @uz, @fz, @start, @alive, @suspects, 0) ON CONFLICT DO NOTHING"
            : """
              UPDATE accord_membership SET silo_name = @name, host_name = @host, role_name = @role, status = @status, proxy_port = @proxy,
                  update_zone = @uz, fault_zone = @fz, start_time = @start, i_am_alive = @alive, suspect_times = @suspects, etag = etag + 1
              WHERE cluster_id = @c AND silo_address = @a AND etag = @rowEtag
              """, connection, transaction);
        row.Parameters.AddWithValue("c", ClusterId);
        row.Parameters.AddWithValue("a", entry.SiloAddress.ToParsableString());
        row.Parameters.AddWithValue("name", entry.SiloName ?? string.Empty);
        row.Parameters.AddWithValue("host", entry.HostName ?? string.Empty);
        row.Parameters.AddWithValue("role", entry.RoleName ?? string.Empty);
        row.Parameters.AddWithValue("status", (int)entry.Status);
        row.Parameters.AddWithValue("proxy", entry.ProxyPort);
        row.Parameters.AddWithValue("uz", entry.UpdateZone);
        row.Parameters.AddWithValue("fz", entry.FaultZone);
        row.Parameters.AddWithValue("start", Utc(entry.StartTime));
        row.Parameters.AddWithValue("alive", Utc(entry.IAmAliveTime));
        row.Parameters.AddWithValue("suspects", FormatSuspects(entry.SuspectTimes));
        if (rowEtag is not null)
        {
            row.Parameters.AddWithValue("rowEtag", ParseEtag(rowEtag));
        }

        if (await row.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<MembershipTableData> ReadAsync(SiloAddress? key, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var version = new TableVersion(0, "0");
        await using (var command = new NpgsqlCommand("SELECT version, etag FROM accord_membership_version WHERE cluster_id = @c", connection, transaction))
        {
            command.Parameters.AddWithValue("c", ClusterId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                version = new TableVersion(reader.GetInt32(0), reader.GetInt32(1).ToString(CultureInfo.InvariantCulture));
            }
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        await using (var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM accord_membership WHERE cluster_id = @c" + (key is null ? string.Empty : " AND silo_address = @a"), connection, transaction))
        {
            command.Parameters.AddWithValue("c", ClusterId);
            if (key is not null)
            {
                command.Parameters.AddWithValue("a", key.ToParsableString());
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = new MembershipEntry
                {
                    SiloAddress = SiloAddress.FromParsableString(reader.GetString(0)),
                    SiloName = reader.GetString(1),
                    HostName = reader.GetString(2),
                    RoleName = reader.GetString(3),
                    Status = (SiloStatus)reader.GetInt32(4),
                    ProxyPort = reader.GetInt32(5),
                    UpdateZone = reader.GetInt32(6),
                    FaultZone = reader.GetInt32(7),
                    StartTime = reader.GetDateTime(8),
                    IAmAliveTime = reader.GetDateTime(9),
                    SuspectTimes = ParseSuspects(reader.GetString(10)),
                };
                rows.Add(Tuple.Create(entry, reader.GetInt32(11).ToString(CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new MembershipTableData(rows, version);
    }

    private static int ParseEtag(string etag) => int.Parse(etag, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private static string FormatSuspects(List<Tuple<SiloAddress, DateTime>>? suspects) => suspects is null
        ? string.Empty
        : string.Join('|', suspects.Select(s => s.Item1.ToParsableString() + "," + Utc(s.Item2).ToString("O", CultureInfo.InvariantCulture)));

    private static List<Tuple<SiloAddress, DateTime>> ParseSuspects(string text) =>
        [.. text.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var comma = item.LastIndexOf(',');
            return Tuple.Create(
                SiloAddress.FromParsableString(item[..comma]),
                DateTime.Parse(item[(comma + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        })];
}

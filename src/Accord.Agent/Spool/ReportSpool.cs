// The agent's durable spool: one SQLite 3 file (sqlite.org/fileformat2.html) in write-ahead-log mode
// (sqlite.org/wal.html) with synchronous=FULL, so that every committed transaction survives a crash or
// power loss. Schema and guarantees in docs/agent.md ("Spool"). The file holds reporting key seeds
// (RFC 8032 private keys): it is created with mode 0600, and SQLite gives its -wal and -shm files the
// database file's mode. Never log a seed.
using Accord.Agent.Reports;
using Microsoft.Data.Sqlite;

namespace Accord.Agent.Spool;

/// <summary>Where a spooled report stands.</summary>
public enum ReportState
{
    /// <summary>Not yet acknowledged: sent (again) on the next batch.</summary>
    Pending,

    /// <summary>The server answered ACCEPTED or DUPLICATE: durable there, never sent again.</summary>
    Acked,

    /// <summary>The server answered REJECTED (reason kept): never sent again.</summary>
    Rejected,
}

/// <summary>One report in the spool.</summary>
/// <param name="Id">Spool order (increasing in creation order).</param>
/// <param name="DeviceId">The device.</param>
/// <param name="BootEpoch">The epoch of the key that signed it.</param>
/// <param name="Sequence">Its sequence within the epoch.</param>
/// <param name="Envelope">The serialized accord.v1.Envelope, exactly as first signed and as sent every time.</param>
/// <param name="IntervalEnd">The end of its interval.</param>
/// <param name="State">Pending, acked or rejected.</param>
/// <param name="Reason">The server's reason code when rejected.</param>
public sealed record SpooledReport(
    long Id,
    string DeviceId,
    ulong BootEpoch,
    ulong Sequence,
    byte[] Envelope,
    DateTimeOffset IntervalEnd,
    ReportState State,
    string? Reason);

/// <summary>A new report as the producer built it for its slot.</summary>
/// <param name="Envelope">The serialized accord.v1.Envelope of the signed report.</param>
/// <param name="IntervalEnd">The report's interval end (after the slot's start).</param>
public sealed record ReportDraft(byte[] Envelope, DateTimeOffset IntervalEnd);

/// <summary>A device's reporting key as the spool keeps it.</summary>
/// <param name="BootEpoch">Its epoch.</param>
/// <param name="Seed">The Ed25519 private key (32-byte seed). Secret.</param>
/// <param name="KeyId">Lowercase hex SHA-256 of the public key.</param>
/// <param name="NotBefore">Valid from (the first report's interval start).</param>
/// <param name="NotAfter">Valid until.</param>
/// <param name="Certificate">The serialized accord.v1.ReportingKeyCertificate, kept to submit again after a crash.</param>
/// <param name="Submitted">Whether the server confirmed it.</param>
public sealed record SpooledKey(
    ulong BootEpoch,
    byte[] Seed,
    string KeyId,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] Certificate,
    bool Submitted)
{
    /// <summary>Never shows the seed.</summary>
    public override string ToString() => $"SpooledKey(epoch {BootEpoch}, {KeyId}, {NotBefore:O}..{NotAfter:O}, submitted {Submitted})";
}

/// <summary>A device's state in the spool.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="BootEpoch">The current (newest) epoch; 0 before the first key.</param>
/// <param name="Key">The current reporting key, if any.</param>
/// <param name="RekeyRequested">The server refused the current key (WRONG_EPOCH, NO_REPORTING_KEY): make a new one.</param>
/// <param name="LastSequence">The last sequence assigned in the current epoch (0: none yet).</param>
/// <param name="LastIntervalEnd">The end of the last report's interval in the current epoch, or the key's not_before.</param>
/// <param name="LatestChallenge">The latest challenge nonce the server sent for the device (empty: none).</param>
public sealed record DeviceSpoolState(
    string DeviceId,
    ulong BootEpoch,
    SpooledKey? Key,
    bool RekeyRequested,
    ulong LastSequence,
    DateTimeOffset? LastIntervalEnd,
    byte[] LatestChallenge);

/// <summary>How many reports are in each state.</summary>
public readonly record struct SpoolCounts(long Pending, long Acked, long Rejected)
{
    /// <summary>All reports.</summary>
    public long Total => Pending + Acked + Rejected;
}

/// <summary>What the server said about one spooled report.</summary>
/// <param name="ReportId">The report's <see cref="SpooledReport.Id"/>.</param>
/// <param name="State">Acked or rejected.</param>
/// <param name="Reason">The reason code when rejected.</param>
/// <param name="RequestRekey">Rejected because of the key: ask for a new key if the report is of the device's current epoch.</param>
public sealed record ReportResolution(long ReportId, ReportState State, string? Reason = null, bool RequestRekey = false);

/// <summary>
/// The durable spool of signed reports and per-device reporting state. Every change is one SQLite
/// transaction; in particular <see cref="Append"/> assigns the sequence, stores the envelope and advances
/// the device's last sequence and interval end together, so a crash never skips nor reuses a sequence.
/// Thread-safe (one connection, one lock).
/// </summary>
public sealed class ReportSpool : IDisposable
{
    /// <summary>The schema version in PRAGMA user_version.</summary>
    public const int SchemaVersion = 1;

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS devices (
            device_id          TEXT PRIMARY KEY NOT NULL,
            boot_epoch         INTEGER NOT NULL DEFAULT 0,
            key_seed           BLOB,
            key_id             TEXT,
            key_not_before     INTEGER,
            key_not_after      INTEGER,
            key_certificate    BLOB,
            key_submitted      INTEGER NOT NULL DEFAULT 0,
            rekey_requested    INTEGER NOT NULL DEFAULT 0,
            last_sequence      INTEGER NOT NULL DEFAULT 0,
            last_interval_end  INTEGER,
            latest_challenge   BLOB NOT NULL DEFAULT x''
        ) STRICT;
        CREATE TABLE IF NOT EXISTS reports (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id     TEXT NOT NULL,
            boot_epoch    INTEGER NOT NULL,
            sequence      INTEGER NOT NULL,
            envelope      BLOB NOT NULL,
            interval_end  INTEGER NOT NULL,
            state         TEXT NOT NULL CHECK (state IN ('pending', 'acked', 'rejected')),
            reason        TEXT,
            created_at    INTEGER NOT NULL,
            UNIQUE (device_id, boot_epoch, sequence)
        ) STRICT;
        CREATE INDEX IF NOT EXISTS reports_by_state ON reports (state, id);
        """;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _disposed;

    private ReportSpool(string path, SqliteConnection connection, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed, mode 0600 on Unix) the spool at <paramref name="path"/>, in WAL mode
    /// with synchronous=FULL.
    /// </summary>
    public static ReportSpool Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        CreatePrivateFile(fullPath);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode=WAL;");
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The spool '{fullPath}' cannot use write-ahead logging (journal mode {mode}).");
            }

            Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            using (var transaction = connection.BeginTransaction())
            {
                var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version;", transaction), System.Globalization.CultureInfo.InvariantCulture);
                if (version > SchemaVersion)
                {
                    throw new InvalidOperationException($"The spool '{fullPath}' has schema version {version}; this agent knows {SchemaVersion}.");
                }

                Execute(connection, Schema, transaction);
                Execute(connection, $"PRAGMA user_version={SchemaVersion};", transaction);
                transaction.Commit();
            }

            return new ReportSpool(fullPath, connection, time ?? TimeProvider.System);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The device's state; null when the spool has never seen it.</summary>
    public DeviceSpoolState? GetDevice(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        lock (_gate)
        {
            ThrowIfDisposed();
            return ReadDevice(deviceId, null);
        }
    }

    /// <summary>
    /// Makes <paramref name="key"/> the device's current key, not yet submitted: sets the epoch, restarts
    /// the sequence (last sequence 0, last interval end = the key's not_before) and clears a rekey request.
    /// </summary>
    /// <exception cref="InvalidOperationException">The epoch is not above the device's current epoch.</exception>
    public void StoreNewKey(string deviceId, SpooledKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Seed.Length != Core.Keys.PartyKeyPair.SeedSize)
        {
            throw new ArgumentException("A reporting key seed is 32 bytes.", nameof(key));
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            var current = ReadDevice(deviceId, transaction);
            if (current is not null && key.BootEpoch <= current.BootEpoch)
            {
                throw new InvalidOperationException($"Epoch {key.BootEpoch} of device '{deviceId}' is not above its current epoch {current.BootEpoch}.");
            }

            Execute(_connection, """
                INSERT INTO devices (device_id) VALUES ($device) ON CONFLICT (device_id) DO NOTHING;
                UPDATE devices SET boot_epoch = $epoch, key_seed = $seed, key_id = $keyId, key_not_before = $notBefore,
                    key_not_after = $notAfter, key_certificate = $certificate, key_submitted = 0, rekey_requested = 0,
                    last_sequence = 0, last_interval_end = $notBefore
                WHERE device_id = $device;
                """, transaction,
                ("$device", deviceId),
                ("$epoch", checked((long)key.BootEpoch)),
                ("$seed", key.Seed),
                ("$keyId", key.KeyId),
                ("$notBefore", key.NotBefore.UtcTicks),
                ("$notAfter", key.NotAfter.UtcTicks),
                ("$certificate", key.Certificate));
            transaction.Commit();
        }
    }

    /// <summary>Records that the server confirmed the device's key of <paramref name="bootEpoch"/>; false when that is no longer its current key.</summary>
    public bool MarkKeySubmitted(string deviceId, ulong bootEpoch)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return Execute(_connection, "UPDATE devices SET key_submitted = 1 WHERE device_id = $device AND boot_epoch = $epoch AND key_seed IS NOT NULL;",
                null, ("$device", deviceId), ("$epoch", checked((long)bootEpoch))) == 1;
        }
    }

    /// <summary>Keeps the latest challenge nonce the server sent for the device.</summary>
    public void SetLatestChallenge(string deviceId, ReadOnlySpan<byte> nonce)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var copy = nonce.ToArray();
        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            SetChallenge(deviceId, copy, transaction);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Appends the device's next report in one transaction: gives <paramref name="build"/> the slot (epoch,
    /// sequence = last + 1, interval start = last interval end, latest challenge), stores what it returns as
    /// pending, and advances the device's last sequence and interval end. If <paramref name="build"/> throws,
    /// or the process dies before the commit, nothing changes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The device has no submitted key, or the draft's interval does not end after its start.</exception>
    public SpooledReport Append(string deviceId, Func<ReportSlot, ReportDraft> build)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentNullException.ThrowIfNull(build);
        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            var device = ReadDevice(deviceId, transaction);
            if (device?.Key is not { Submitted: true } || device.LastIntervalEnd is not { } start)
            {
                throw new InvalidOperationException($"Device '{deviceId}' has no submitted reporting key.");
            }

            var slot = new ReportSlot(deviceId, device.BootEpoch, checked(device.LastSequence + 1), start, device.LatestChallenge);
            var draft = build(slot);
            ArgumentNullException.ThrowIfNull(draft);
            if (draft.IntervalEnd <= start)
            {
                throw new InvalidOperationException($"A report's interval ends after it starts ({draft.IntervalEnd:O} is not after {start:O}).");
            }

            if (draft.IntervalEnd > device.Key.NotAfter)
            {
                throw new InvalidOperationException($"A report's interval ends inside its key's validity ({draft.IntervalEnd:O} is after {device.Key.NotAfter:O}).");
            }

            var id = Convert.ToInt64(Scalar(_connection, """
                INSERT INTO reports (device_id, boot_epoch, sequence, envelope, interval_end, state, created_at)
                VALUES ($device, $epoch, $sequence, $envelope, $end, 'pending', $now)
                RETURNING id;
                """, transaction,
                ("$device", deviceId),
                ("$epoch", checked((long)slot.BootEpoch)),
                ("$sequence", checked((long)slot.Sequence)),
                ("$envelope", draft.Envelope),
                ("$end", draft.IntervalEnd.UtcTicks),
                ("$now", _time.GetUtcNow().UtcTicks)), System.Globalization.CultureInfo.InvariantCulture);
            var advanced = Execute(_connection, """
                UPDATE devices SET last_sequence = $sequence, last_interval_end = $end
                WHERE device_id = $device AND boot_epoch = $epoch AND last_sequence = $previous;
                """, transaction,
                ("$device", deviceId),
                ("$epoch", checked((long)slot.BootEpoch)),
                ("$sequence", checked((long)slot.Sequence)),
                ("$previous", checked((long)device.LastSequence)),
                ("$end", draft.IntervalEnd.UtcTicks));
            if (advanced != 1)
            {
                throw new InvalidOperationException($"Device '{deviceId}' changed while its report was built.");
            }

            transaction.Commit();
            return new SpooledReport(id, deviceId, slot.BootEpoch, slot.Sequence, draft.Envelope, draft.IntervalEnd, ReportState.Pending, null);
        }
    }

    /// <summary>Up to <paramref name="max"/> pending reports in spool order (oldest first).</summary>
    public IReadOnlyList<SpooledReport> PendingBatch(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            ThrowIfDisposed();
            return Query("WHERE state = 'pending' ORDER BY id LIMIT $max", ("$max", max));
        }
    }

    /// <summary>Every report of a device (or of all devices) in spool order.</summary>
    public IReadOnlyList<SpooledReport> Reports(string? deviceId = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return deviceId is null
                ? Query("ORDER BY id")
                : Query("WHERE device_id = $device ORDER BY id", ("$device", deviceId));
        }
    }

    /// <summary>Pending reports, of one device or of all.</summary>
    public long PendingCount(string? deviceId = null)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return Convert.ToInt64(deviceId is null
                ? Scalar(_connection, "SELECT COUNT(*) FROM reports WHERE state = 'pending';")
                : Scalar(_connection, "SELECT COUNT(*) FROM reports WHERE state = 'pending' AND device_id = $device;", null, ("$device", deviceId)),
                System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Reports in each state.</summary>
    public SpoolCounts Counts()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            long pending = 0, acked = 0, rejected = 0;
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT state, COUNT(*) FROM reports GROUP BY state;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var count = reader.GetInt64(1);
                switch (reader.GetString(0))
                {
                    case "pending":
                        pending = count;
                        break;
                    case "acked":
                        acked = count;
                        break;
                    default:
                        rejected = count;
                        break;
                }
            }

            return new SpoolCounts(pending, acked, rejected);
        }
    }

    /// <summary>
    /// Applies one acknowledgement in one transaction: moves each named pending report to acked or
    /// rejected (a report no longer pending is left as it is), asks for a new key where a rejection says
    /// so and the report is of its device's current epoch, and keeps each device's new challenge.
    /// Returns how many reports changed to each state.
    /// </summary>
    public (int Acked, int Rejected) Resolve(IReadOnlyList<ReportResolution> resolutions, IReadOnlyList<(string DeviceId, byte[] Nonce)> challenges)
    {
        ArgumentNullException.ThrowIfNull(resolutions);
        ArgumentNullException.ThrowIfNull(challenges);
        lock (_gate)
        {
            ThrowIfDisposed();
            using var transaction = _connection.BeginTransaction();
            int acked = 0, rejected = 0;
            foreach (var resolution in resolutions)
            {
                if (resolution.State == ReportState.Pending)
                {
                    continue;
                }

                var changed = Execute(_connection, "UPDATE reports SET state = $state, reason = $reason WHERE id = $id AND state = 'pending';", transaction,
                    ("$id", resolution.ReportId),
                    ("$state", resolution.State == ReportState.Acked ? "acked" : "rejected"),
                    ("$reason", (object?)resolution.Reason ?? DBNull.Value));
                if (changed == 0)
                {
                    continue;
                }

                if (resolution.State == ReportState.Acked)
                {
                    acked++;
                }
                else
                {
                    rejected++;
                    if (resolution.RequestRekey)
                    {
                        Execute(_connection, """
                            UPDATE devices SET rekey_requested = 1
                            WHERE device_id = (SELECT device_id FROM reports WHERE id = $id)
                              AND boot_epoch = (SELECT boot_epoch FROM reports WHERE id = $id);
                            """, transaction, ("$id", resolution.ReportId));
                    }
                }
            }

            foreach (var (deviceId, nonce) in challenges)
            {
                SetChallenge(deviceId, nonce, transaction);
            }

            transaction.Commit();
            return (acked, rejected);
        }
    }

    /// <summary>Deletes acknowledged reports created before <paramref name="before"/>; returns how many. Rejected reports are kept.</summary>
    public int PruneAcked(DateTimeOffset before)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return Execute(_connection, "DELETE FROM reports WHERE state = 'acked' AND created_at < $before;", null, ("$before", before.UtcTicks));
        }
    }

    /// <summary>Closes the database; everything committed is on disk.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private void SetChallenge(string deviceId, byte[] nonce, SqliteTransaction transaction) =>
        Execute(_connection, """
            INSERT INTO devices (device_id, latest_challenge) VALUES ($device, $nonce)
            ON CONFLICT (device_id) DO UPDATE SET latest_challenge = excluded.latest_challenge;
            """, transaction, ("$device", deviceId), ("$nonce", nonce));

    private DeviceSpoolState? ReadDevice(string deviceId, SqliteTransaction? transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT boot_epoch, key_seed, key_id, key_not_before, key_not_after, key_certificate, key_submitted,
                   rekey_requested, last_sequence, last_interval_end, latest_challenge
            FROM devices WHERE device_id = $device;
            """;
        command.Parameters.AddWithValue("$device", deviceId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        SpooledKey? key = null;
        if (!reader.IsDBNull(1))
        {
            key = new SpooledKey(
                BootEpoch: (ulong)reader.GetInt64(0),
                Seed: (byte[])reader.GetValue(1),
                KeyId: reader.GetString(2),
                NotBefore: Ticks(reader.GetInt64(3)),
                NotAfter: Ticks(reader.GetInt64(4)),
                Certificate: (byte[])reader.GetValue(5),
                Submitted: reader.GetInt64(6) != 0);
        }

        return new DeviceSpoolState(
            deviceId,
            (ulong)reader.GetInt64(0),
            key,
            reader.GetInt64(7) != 0,
            (ulong)reader.GetInt64(8),
            reader.IsDBNull(9) ? null : Ticks(reader.GetInt64(9)),
            (byte[])reader.GetValue(10));
    }

    private List<SpooledReport> Query(string where, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT id, device_id, boot_epoch, sequence, envelope, interval_end, state, reason FROM reports {where};";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var reports = new List<SpooledReport>();
        while (reader.Read())
        {
            reports.Add(new SpooledReport(
                reader.GetInt64(0),
                reader.GetString(1),
                (ulong)reader.GetInt64(2),
                (ulong)reader.GetInt64(3),
                (byte[])reader.GetValue(4),
                Ticks(reader.GetInt64(5)),
                reader.GetString(6) switch
                {
                    "pending" => ReportState.Pending,
                    "acked" => ReportState.Acked,
                    _ => ReportState.Rejected,
                },
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return reports;
    }

    private static DateTimeOffset Ticks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    // The database holds private keys: create it owner-only before SQLite opens it (an empty file is an
    // empty database), and tighten an existing one. SQLite creates -wal and -shm with the database's mode.
    private static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var stream = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.ReadWrite,
                    UnixCreateMode = OwnerReadWrite,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created by someone else in between: tightened below.
            }
        }

        File.SetUnixFileMode(path, OwnerReadWrite);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(path + suffix))
            {
                File.SetUnixFileMode(path + suffix, OwnerReadWrite);
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}

using Accord.Protos.V1;

namespace Accord.Web.Reading;

/// <summary>
/// One log entry as the public may see it: GetEntries without a signed reader, so the server's privacy rules apply
/// and a withheld entry comes back as its leaf hash alone.
/// </summary>
public sealed record LogEntryView(long Index, byte[] LeafHash, bool Withheld, string PayloadType, IReadOnlyList<string> SignerKeyIds, int EntryLength)
{
    /// <summary>Reads entry <paramref name="index"/>; the server refuses an index beyond the log (OUT_OF_RANGE).</summary>
    public static async Task<LogEntryView> ReadAsync(AccordServers servers, long index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var entry = await ReadRawAsync(servers, index, cancellationToken);
        if (entry.Withheld)
        {
            return new LogEntryView(entry.Index, entry.LeafHash.ToByteArray(), true, "", [], 0);
        }

        var envelope = Envelope.Parser.ParseFrom(entry.Entry);
        return new LogEntryView(entry.Index, entry.LeafHash.ToByteArray(), false, envelope.PayloadType,
            [.. envelope.Signatures.Select(s => s.KeyId)], entry.Entry.Length);
    }

    /// <summary>The entry exactly as GetEntries returned it.</summary>
    public static async Task<LogEntry> ReadRawAsync(AccordServers servers, long index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var response = await servers.Log.GetEntriesAsync(new GetEntriesRequest { Start = index, Count = 1 }, cancellationToken: cancellationToken);
        return response.Entries.Single(e => e.Index == index);
    }
}

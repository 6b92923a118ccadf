using System.Diagnostics;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Telemetry;
using Accord.Transparency;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Accord.Grains.Log;

/// <summary>
/// The log's single activation: it owns the engine (tree in memory, store on disk; Accord.Transparency)
/// and maps its answers to the grain's records. Reentrant, so that appends from many callers join one
/// batch and reads are served while a batch is written.
/// </summary>
[Reentrant]
public sealed class LogGrain(ITransparencyLogStore store, LogIdentity identity, IOptions<TransparencyLogOptions> options, AccordMetrics metrics) : Grain, ILogGrain
{
    private TransparencyLogEngine? _engine;

    private TransparencyLogEngine Engine => _engine ?? throw new InvalidOperationException("the log is not open");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var engine = await TransparencyLogEngine.OpenAsync(store, identity, options.Value, cancellationToken);
        _engine = engine;
        metrics.TrackLogSize(() => engine.Latest.TreeSize);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.TrackLogSize(null);
        return Task.CompletedTask;
    }

    public async Task<LogReceipt> Append(byte[] entry, CancellationToken cancellationToken = default)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var receipt = await Engine.AppendAsync(entry);
            metrics.LogAppended(Stopwatch.GetElapsedTime(started));
            return receipt.ToGrainRecord();
        }
        catch (InvalidOperationException)
        {
            // A failed write leaves the in-memory tree ahead of the store: reopen from the store.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<ImmutableList<LogReceipt>> AppendMany(ImmutableList<byte[]> entries, CancellationToken cancellationToken = default)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var receipts = await Task.WhenAll(entries.Select(e => Engine.AppendAsync(e, withProof: false)));
            var elapsed = Stopwatch.GetElapsedTime(started);
            foreach (var _ in receipts)
            {
                metrics.LogAppended(elapsed);
            }

            return [.. receipts.Select(r => r.ToGrainRecord())];
        }
        catch (InvalidOperationException)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<ImmutableList<long>> Find(ImmutableList<byte[]> leafHashes) =>
        Task.FromResult<ImmutableList<long>>([.. leafHashes.Select(Engine.IndexOf)]);

    public Task<LogInfo> GetInfo() => Task.FromResult(new LogInfo
    {
        Origin = identity.Origin,
        VerifierKey = identity.Signer.VerifierKey,
        WitnessKeys = [.. identity.Witnesses.Select(w => w.VerifierKey)],
    });

    public Task<LogCheckpoint> GetCheckpoint() => Task.FromResult(Engine.Latest.ToGrainRecord());

    public async Task<Outcome<LogInclusionProof>> GetInclusionProof(long index, byte[]? leafHash, long treeSize) =>
        (await Engine.InclusionProofAsync(index, leafHash, treeSize, CancellationToken.None)).ToOutcome(p => p.ToGrainRecord());

    public async Task<Outcome<LogConsistencyProof>> GetConsistencyProof(long firstSize, long secondSize) =>
        (await Engine.ConsistencyProofAsync(firstSize, secondSize, CancellationToken.None)).ToOutcome(p => p.ToGrainRecord());

    public async Task<Outcome<ImmutableList<LogEntry>>> GetEntries(long start, int count) =>
        (await Engine.EntriesAsync(start, count, CancellationToken.None)).ToOutcome(entries => entries.Select(e => e.ToGrainRecord()).ToImmutableList());

    public async Task<Outcome<LogCosigned>> AddCosignatures(string cosignedCheckpoint, CancellationToken cancellationToken = default) =>
        (await Engine.AddCosignaturesAsync(cosignedCheckpoint, cancellationToken)).ToOutcome(c => c.ToGrainRecord());
}

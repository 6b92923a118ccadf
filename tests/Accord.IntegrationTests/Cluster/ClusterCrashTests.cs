using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Accord.Client;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Accord.IntegrationTests.Cluster;

/// <summary>
/// Two `accord serve --postgres` silos (real processes) on one PostgreSQL started by the test; devices
/// stream reports through either silo while one silo after another is killed with SIGKILL and restarted.
/// Every acknowledged report is in the log exactly once, every checkpoint after a kill extends the one
/// before it (consistency proof), nothing registered before a kill is lost (commitments, agreements, and
/// the violations found on evidence), and `accord log audit --local --postgres` finds the stored log clean.
/// The silos talk to each other over mutual TLS, each with its own certificate from a cluster CA made here.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Devices = 6;
    private const int ReportsPerBatch = 3;
    private const int Kills = 3;

    /// <summary>
    /// Each report covers this much device time, starting 30 minutes back. The streams run far faster than real time,
    /// so a report's end must stay within the server's clock skew (5 minutes ahead) however long a slow machine
    /// makes the run: 100 ms reports leave room for 21,000 per device, many times what a run sends.
    /// </summary>
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);

    private readonly PostgresInstance _postgres = PostgresInstance.Start();
    private readonly TempDirectory _data = new("accord-cluster-");
    private readonly TestCertificates _certificates = new();
    private readonly List<SiloProcess> _silos = [];

    [Fact]
    public async Task Cluster_SiloKilledThreeTimesMidStream_EveryAcknowledgedReportStoredOnceAndLogNeverForks()
    {
        var clock = Stopwatch.StartNew();
        var init = await CliRunner.RunAsync("db", "init", "--postgres", _postgres.ConnectionString);
        Assert.True(init.Code == 0, init.Err);
        Assert.Equal(0, (await CliRunner.RunAsync("db", "init", "--postgres", _postgres.ConnectionString)).Code); // idempotent

        // Both silos share the data directory only for the log's key file: the first creates it, the second reads it.
        // Each has its own certificate from the cluster's CA: silo-to-silo traffic is mutual TLS.
        var credentials = _certificates.Cluster("cluster", "silo-a", "silo-b");
        foreach (var name in new[] { "silo-a", "silo-b" })
        {
            var silo = new SiloProcess(name, _data.Path, _postgres.ConnectionString, credentials[name]);
            _silos.Add(silo);
            await silo.StartAsync();
        }

        using var client = new FailoverClient([.. _silos.Select(s => s.Address)]);
        var kit = await DeviceKit.CreateAsync(client.Channels[0]);
        var otherLab = await TestParty.RegisterAsync(new RegistryService.RegistryServiceClient(client.Channels[1]), "lab2");
        var reporters = new List<Reporter>();
        for (var i = 0; i < Devices; i++)
        {
            reporters.Add(await kit.ReadyDeviceAsync());
        }

        var logKey = NoteVerifier.Parse((await new TransparencyLogService.TransparencyLogServiceClient(client.Channels[1]).GetLogInfoAsync(new GetLogInfoRequest())).VerifierKey);
        var stream = new StreamState();
        using var stop = new CancellationTokenSource();
        var workers = reporters.Select((r, i) => Task.Run(() => StreamDeviceAsync(kit.Lab, r, client.Channels, i, stream, stop.Token))).ToList();

        var commitments = new List<string>();
        var agreements = new List<string>();
        var violations = new List<string>();
        var proofsVerified = 0;
        await WaitForAcksAsync(stream, 30);
        for (var kill = 0; kill < Kills; kill++)
        {
            // Registered (and acknowledged) before the kill: must survive it.
            commitments.Add(await RegisterCommitmentAsync(client, kit.Lab, kill));
            agreements.Add(await ProposeAgreementAsync(client, kit.Lab, otherLab, kill));
            violations.Add(await RaiseViolationAsync(client.Channels[(kill + 1) % _silos.Count]));
            var before = await client.CallAsync((c, t) => new TransparencyLogService.TransparencyLogServiceClient(c).GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: t).ResponseAsync);
            await WaitForAcksAsync(stream, stream.AckedCount + 20);

            var victim = _silos[kill % _silos.Count];
            victim.Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: killed {victim.Name} (-9) at {stream.AckedCount} acknowledged reports, log size {before.TreeSize}");
            await WaitForAcksAsync(stream, stream.AckedCount + 10); // the other silo carries on
            await victim.StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: restarted {victim.Name}");
            await WaitForAcksAsync(stream, stream.AckedCount + 20);

            var after = await client.CallAsync((c, t) => new TransparencyLogService.TransparencyLogServiceClient(c).GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: t).ResponseAsync);
            var proof = await client.CallAsync((c, t) => new TransparencyLogService.TransparencyLogServiceClient(c).GetConsistencyProofAsync(
                new GetConsistencyProofRequest { FirstSize = before.TreeSize, SecondSize = after.TreeSize }, cancellationToken: t).ResponseAsync);
            var verified = OfflineVerifier.VerifyAppendOnly(before.Checkpoint, proof.Checkpoint, [.. proof.Proof.Select(p => p.ToByteArray())], logKey);
            Assert.Equal(after.TreeSize, verified.Size);
            proofsVerified++;
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // Everything, read back through each silo in turn.
        var logged = await LoggedReportsAsync(client, reporters.Select(r => r.Device.DeviceId).ToHashSet(StringComparer.Ordinal), kit.Lab);
        var acked = stream.Acked.Keys.ToHashSet();
        var stored = logged.ToHashSet();
        var duplicates = logged.Count - stored.Count;
        var lost = acked.Count(a => !stored.Contains(a));
        var unacknowledgedButStored = stored.Count(s => !acked.Contains(s));
        var commitmentsLost = 0;
        var agreementsLost = 0;
        for (var silo = 0; silo < client.Channels.Count; silo++)
        {
            foreach (var id in commitments)
            {
                var read = await client.CallAsync((c, t) => new RegistryService.RegistryServiceClient(c).GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = id }, cancellationToken: t).ResponseAsync, only: silo);
                commitmentsLost += read.Commitment.CommitmentId == id ? 0 : 1;
            }

            foreach (var id in agreements)
            {
                var read = await client.CallAsync((c, t) => new RegistryService.RegistryServiceClient(c).GetAgreementAsync(new GetAgreementRequest { AgreementId = id }, cancellationToken: t).ResponseAsync, only: silo);
                agreementsLost += read.Agreement.AgreementId == id ? 0 : 1;
            }
        }

        var violationsLost = 0;
        for (var silo = 0; silo < client.Channels.Count; silo++)
        {
            var delivered = await WatchedViolationsAsync(client.Channels[silo], kit.Inspector, violations);
            foreach (var id in violations)
            {
                var commitment = (await new RegistryService.RegistryServiceClient(client.Channels[silo]).GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = id })).Commitment;
                violationsLost += delivered.Contains(id) && commitment.Status == CommitmentStatus.Breached ? 0 : 1;
            }
        }

        var audit = await CliRunner.RunAsync("log", "audit", "--local", "--postgres", _postgres.ConnectionString, "--data", _data.Path);

        output.WriteLine($"reports acknowledged: {acked.Count}");
        output.WriteLine($"reports stored:       {stored.Count} (log entries {logged.Count})");
        output.WriteLine($"duplicates:           {duplicates}");
        output.WriteLine($"lost:                 {lost}");
        output.WriteLine($"stored, never acked:  {unacknowledgedButStored}");
        output.WriteLine($"rejected:             {stream.Rejected.Count}");
        output.WriteLine($"kills survived:       {proofsVerified} (consistency proofs verified: {proofsVerified})");
        output.WriteLine($"stream failovers:     {stream.Failovers}");
        output.WriteLine($"commitments lost:     {commitmentsLost} of {commitments.Count}; agreements lost: {agreementsLost} of {agreements.Count}; violations lost: {violationsLost} of {violations.Count}");
        output.WriteLine($"local log audit:      {audit.Out.Trim()}{audit.Err.Trim()}");
        output.WriteLine($"duration:             {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(stream.Rejected);
        Assert.True(acked.Count > 100, $"only {acked.Count} reports were acknowledged");
        Assert.Equal(0, duplicates);
        Assert.Equal(0, lost);
        Assert.Equal(0, unacknowledgedButStored);
        Assert.Equal(Kills, proofsVerified);
        Assert.Equal(0, commitmentsLost);
        Assert.Equal(0, agreementsLost);
        Assert.Equal(0, violationsLost);
        Assert.True(audit.Code == 0, audit.Out + audit.Err);
        Assert.Contains("clean:", audit.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo.Dispose();
        }

        _postgres.Dispose();
        _data.Dispose();
        _certificates.Dispose();
    }

    /// <summary>What the devices' streams have seen: reports acknowledged (accepted or duplicate), refusals, failovers.</summary>
    private sealed class StreamState
    {
        public ConcurrentDictionary<(string Device, ulong Epoch, ulong Sequence), long> Acked { get; } = new();

        public ConcurrentQueue<string> Rejected { get; } = new();

        public int AckedCount => Acked.Count;

        public int Failovers;
    }

    /// <summary>
    /// One device's stream: a batch at a time, resent unchanged (the same signed bytes) to the other silo
    /// after any failure, until acknowledged; then the next batch. Stops after its batch in hand is acknowledged.
    /// </summary>
    private static async Task StreamDeviceAsync(TestParty lab, Reporter reporter, IReadOnlyList<GrpcChannel> channels, int first, StreamState state, CancellationToken stop)
    {
        var server = first;
        AsyncDuplexStreamingCall<StreamRequest, StreamResponse>? call = null;
        List<Envelope>? batch = null;
        ulong batchId = 0;
        try
        {
            while (batch is not null || !stop.IsCancellationRequested)
            {
                batch ??= [.. Enumerable.Range(0, ReportsPerBatch).Select(_ => reporter.Sign(reporter.Next(length: ReportInterval)))];
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    if (call is null)
                    {
                        call = new MonitoringService.MonitoringServiceClient(channels[server % channels.Count]).Stream(cancellationToken: timeout.Token);
                        await call.RequestStream.WriteAsync(new StreamRequest { Hello = lab.Sign(new MonitoringHello { Header = RequestSigning.Header(lab.Id), Agent = "cluster-crash-test" }) });
                        if (!await call.ResponseStream.MoveNext(timeout.Token) || call.ResponseStream.Current.KindCase != StreamResponse.KindOneofCase.Opened)
                        {
                            throw new RpcException(new Status(StatusCode.Unavailable, "stream not opened"));
                        }
                    }

                    var request = new ReportBatch { BatchId = ++batchId };
                    request.Reports.AddRange(batch);
                    await call.RequestStream.WriteAsync(new StreamRequest { Batch = request });
                    if (!await call.ResponseStream.MoveNext(timeout.Token) || call.ResponseStream.Current.KindCase != StreamResponse.KindOneofCase.Ack)
                    {
                        throw new RpcException(new Status(StatusCode.Unavailable, "no ack"));
                    }

                    var ack = call.ResponseStream.Current.Ack;
                    foreach (var result in ack.Results)
                    {
                        if (result.Outcome is ReportOutcome.Accepted or ReportOutcome.Duplicate)
                        {
                            state.Acked.TryAdd((result.DeviceId, reporter.Epoch, result.Sequence), result.LogIndex);
                        }
                        else
                        {
                            state.Rejected.Enqueue($"{result.DeviceId}#{result.Sequence}: {result.Reason} {result.Message}");
                        }
                    }

                    if (ack.Challenges.FirstOrDefault(c => c.DeviceId == reporter.Device.DeviceId) is { } challenge)
                    {
                        reporter.Nonce = challenge.Nonce.ToByteArray();
                    }

                    batch = null;
                    await Task.Delay(30, CancellationToken.None);
                }
                catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or InvalidOperationException)
                {
                    call?.Dispose();
                    call = null;
                    server++;
                    Interlocked.Increment(ref state.Failovers);
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }
        finally
        {
            call?.Dispose();
        }
    }

    private static async Task WaitForAcksAsync(StreamState state, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (state.AckedCount < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"reports stopped being acknowledged at {state.AckedCount} (waiting for {count}); rejected: {string.Join("; ", state.Rejected.Take(5))}");
            await Task.Delay(50);
        }
    }

    /// <summary>A lab of its own commits to a run cap and breaks it on evidence; returns the breached commitment once the server says so.</summary>
    private static async Task<string> RaiseViolationAsync(GrpcChannel channel)
    {
        // The silo behind this channel may have just restarted: wait out the channel's reconnect backoff
        // instead of failing fast with UNAVAILABLE on the first call.
        using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await channel.ConnectAsync(ready.Token);
        }

        var kit = await DeviceKit.CreateAsync(channel);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(new CommitmentTerms
        {
            TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e16, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
        });
        reporter.IntervalEnd = DateTimeOffset.UtcNow.AddSeconds(1);
        await kit.StreamAsync(kit.Lab, [reporter.NextSigned(), reporter.NextSigned(), reporter.NextSigned()]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await new RegistryService.RegistryServiceClient(channel).GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = cap.CommitmentId })).Commitment.Status != CommitmentStatus.Breached)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the run above its cap was not found breached ({cap.CommitmentId})");
            await Task.Delay(100);
        }

        return cap.CommitmentId;
    }

    /// <summary>The breached commitments an inspector's violation feed delivers through one silo (none acknowledged, so all are redelivered).</summary>
    private static async Task<HashSet<string>> WatchedViolationsAsync(GrpcChannel channel, TestParty inspector, IReadOnlyCollection<string> expected)
    {
        var delivered = new HashSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var call = new ComplianceService.ComplianceServiceClient(channel).WatchViolations(
            new WatchViolationsRequest { Envelope = inspector.Sign(new ViolationSubscription { Header = RequestSigning.Header(inspector.Id) }) },
            cancellationToken: timeout.Token);
        try
        {
            while (!expected.All(delivered.Contains) && await call.ResponseStream.MoveNext(timeout.Token))
            {
                delivered.Add(call.ResponseStream.Current.Violation.CommitmentId);
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
            // What arrived before the timeout is the answer.
        }

        return delivered;
    }

    private static async Task<string> RegisterCommitmentAsync(FailoverClient client, TestParty lab, int kill)
    {
        var envelope = lab.Sign(lab.Statement(TestParty.Pause(1e26 + (kill * 1e24))));
        var id = Convert.ToHexStringLower(SHA256.HashData(envelope.Payload.Span)[..16]);
        await client.CallAsync(async (c, t) =>
        {
            try
            {
                await new RegistryService.RegistryServiceClient(c).RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = envelope }, cancellationToken: t);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                // An earlier try was stored before its answer was lost.
            }

            return id;
        });
        return id;
    }

    private static async Task<string> ProposeAgreementAsync(FailoverClient client, TestParty lab, TestParty other, int kill)
    {
        var id = $"crash-{kill}-{Guid.NewGuid():N}"[..24];
        var envelope = lab.Sign(new AgreementProposal
        {
            Header = RequestSigning.Header(lab.Id),
            AgreementId = id,
            Title = "kept across a kill",
            Text = "terms",
            Rule = new ActivationRule { All = true },
            PartyIds = { lab.Id, other.Id },
        });
        await client.CallAsync(async (c, t) =>
        {
            try
            {
                await new RegistryService.RegistryServiceClient(c).ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = envelope }, cancellationToken: t);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
            }

            return id;
        });
        return id;
    }

    private static async Task<List<(string Device, ulong Epoch, ulong Sequence)>> LoggedReportsAsync(FailoverClient client, HashSet<string> devices, TestParty reader)
    {
        var size = (await client.CallAsync((c, t) => new TransparencyLogService.TransparencyLogServiceClient(c).GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: t).ResponseAsync)).TreeSize;
        var reports = new List<(string, ulong, ulong)>();
        for (var start = 0L; start < size; start += 1000)
        {
            var page = await client.CallAsync((c, t) => new TransparencyLogService.TransparencyLogServiceClient(c).GetEntriesAsync(
                new GetEntriesRequest
                {
                    Start = start,
                    Count = (int)Math.Min(1000, size - start),
                    Reader = reader.Sign(new EntriesReader { Header = Accord.Client.RequestSigning.Header(reader.Id) }),
                }, cancellationToken: t).ResponseAsync);
            foreach (var entry in page.Entries)
            {
                var envelope = Envelope.Parser.ParseFrom(entry.Entry);
                if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
                {
                    var report = MonitoringReport.Parser.ParseFrom(envelope.Payload);
                    if (devices.Contains(report.DeviceId))
                    {
                        reports.Add((report.DeviceId, report.BootEpoch, report.Sequence));
                    }
                }
            }
        }

        return reports;
    }
}

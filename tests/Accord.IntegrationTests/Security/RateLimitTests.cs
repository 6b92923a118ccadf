using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Hosting;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Rate limits on a real server with small buckets: a flooding party (or address, or lab stream) is refused
/// with RESOURCE_EXHAUSTED / RATE_LIMITED and a retry delay, its refused requests change nothing, and
/// everyone else is served meanwhile.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task RegisterParty_OneAddressRegistersFasterThanAllowed_RefusedRateLimitedNothingLogged()
    {
        var server = await StartAsync(limits => limits.Registrations = new TokenBucketOptions { PerSecond = 1, Burst = 3 });
        try
        {
            var before = await TreeSize(server);
            var parties = Enumerable.Range(0, 12).Select(i => new TestParty(server.Registry, $"reg-{i}-{Guid.NewGuid():N}"[..20], PartyRole.Lab)).ToList();

            var results = await Task.WhenAll(parties.Select(p => Outcome(server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = p.Sign(p.Registration()) }).ResponseAsync)));

            var refused = results.Select((r, i) => (r.Error, Party: parties[i])).Where(r => r.Error is not null).ToList();
            Assert.True(refused.Count >= 8, $"only {refused.Count} of 12 refused");
            Assert.All(refused, r =>
            {
                Assert.Equal(StatusCode.ResourceExhausted, r.Error!.StatusCode);
                Assert.Equal(RpcErrorDetails.RateLimited, RpcErrorDetails.Reason(r.Error));
                Assert.Contains("registering parties", r.Error.Status.Detail, StringComparison.Ordinal);
            });
            var accepted = results.Count(r => r.Error is null);
            Assert.Equal(before + accepted, await TreeSize(server));
            foreach (var (_, party) in refused)
            {
                var missing = await Assert.ThrowsAsync<RpcException>(() => server.Registry.GetPartyAsync(new GetPartyRequest { PartyId = party.Id }).ResponseAsync);
                Assert.Equal(StatusCode.NotFound, missing.StatusCode);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegisterCommitment_OnePartyFloods_RefusedRateLimitedOtherPartyServedNothingChanged()
    {
        var server = await StartAsync(limits => limits.Requests = new TokenBucketOptions { PerSecond = 1, Burst = 3 });
        try
        {
            var a = await TestParty.RegisterAsync(server.Registry, "flood");
            var b = await TestParty.RegisterAsync(server.Registry, "calm");
            var before = await TreeSize(server);
            var envelopes = Enumerable.Range(0, 20).Select(i => a.Sign(a.Statement(TestParty.Pause(1e26 + i)))).ToList();

            var flood = envelopes.Select(e => Outcome(server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = e }).ResponseAsync)).ToList();
            var calm = server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = b.Sign(b.Statement(TestParty.Pause())) }).ResponseAsync;
            var results = await Task.WhenAll(flood);
            var served = await calm;

            var refused = results.Select((r, i) => (r.Error, Envelope: envelopes[i])).Where(r => r.Error is not null).ToList();
            Assert.True(refused.Count >= 12, $"only {refused.Count} of 20 refused");
            Assert.All(refused, r =>
            {
                Assert.Equal(StatusCode.ResourceExhausted, r.Error!.StatusCode);
                Assert.Equal(RpcErrorDetails.RateLimited, RpcErrorDetails.Reason(r.Error));
                Assert.True(RpcErrorDetails.RetryDelay(r.Error) > TimeSpan.Zero);
                Assert.NotNull(r.Error.Trailers.GetValue("retry-after"));
                Assert.Contains(a.Id, r.Error.Status.Detail, StringComparison.Ordinal);
            });
            Assert.Equal(b.Id, served.Commitment.PartyId);
            var accepted = results.Count(r => r.Error is null);
            Assert.Equal(before + accepted + 1, await TreeSize(server));
            Assert.Equal(accepted, (await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = a.Id })).Commitments.Count);

            // A refused request consumed nothing, not even its nonce: the same envelope goes through once the bucket refills.
            await Task.Delay(RpcErrorDetails.RetryDelay(refused[0].Error!)!.Value + TimeSpan.FromMilliseconds(200));
            var resent = await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = refused[0].Envelope });
            Assert.Equal(a.Id, resent.Commitment.PartyId);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegisterCommitment_ReplaysOfAPartysLoggedRequest_RefusedAsReplaysWithoutSpendingItsBudget()
    {
        var server = await StartAsync(limits => limits.Requests = new TokenBucketOptions { PerSecond = 1, Burst = 3 });
        try
        {
            var lab = await TestParty.RegisterAsync(server.Registry, "victim");
            var logged = lab.Sign(lab.Statement(TestParty.Pause()));
            await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = logged });

            // Anyone can copy an accepted envelope from the log and send it again, many times.
            var replays = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Outcome(server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = logged }).ResponseAsync)));
            var own = await lab.CommitAsync(TestParty.Pause(2e26));

            Assert.All(replays, r => Assert.Equal(StatusCode.AlreadyExists, r.Error!.StatusCode));
            Assert.Equal(lab.Id, own.PartyId);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RegisterCommitment_AddressFloodsForgedSignatures_RefusedRateLimitedOnceItsBucketIsSpent()
    {
        var server = await StartAsync(limits => limits.Reads = new TokenBucketOptions { PerSecond = 1, Burst = 5 });
        try
        {
            var lab = await TestParty.RegisterAsync(server.Registry, "lab");
            var forger = new TestParty(server.Registry, lab.Id, PartyRole.Lab); // the lab's name, another key, never registered

            // Signed in the lab's name by another key, one after another: each fails authentication and costs its sender's address.
            async Task<(RegisterCommitmentResponse? Value, RpcException? Error)> ForgeAsync() =>
                await Outcome(server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = forger.Sign(lab.Statement(TestParty.Pause())) }).ResponseAsync);
            var spent = new List<(RegisterCommitmentResponse? Value, RpcException? Error)>();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                spent.Add(await ForgeAsync());
            }

            // The bucket (5) is spent: what follows is refused for its rate before any work. The bucket refills one token
            // a second (plus one soon after its first use), so a machine that takes seconds per call lets that many through.
            var after = new List<(RegisterCommitmentResponse? Value, RpcException? Error)>();
            for (var i = 0; i < 10; i++)
            {
                after.Add(await ForgeAsync());
            }

            var refills = (int)Math.Floor(clock.Elapsed.TotalSeconds) + 2;
            Assert.All(spent, r => Assert.Equal(StatusCode.Unauthenticated, r.Error!.StatusCode));
            Assert.All(after, r => Assert.NotNull(r.Error));
            Assert.True(refills < after.Count, $"the calls took {clock.Elapsed.TotalSeconds:F1} s: too slow to tell the rate limit from its refills");
            Assert.True(after.Count(r => RpcErrorDetails.IsRateLimited(r.Error!)) >= Math.Min(6, after.Count - refills),
                $"too few forged calls refused for their rate ({clock.Elapsed.TotalSeconds:F1} s, at most {refills} refills): "
                    + string.Join(", ", after.Select(r => $"{r.Error!.StatusCode} {RpcErrorDetails.Reason(r.Error)}")));
            Assert.Empty((await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = lab.Id })).Commitments);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public void Build_BucketWithZeroRate_RefusesToStartNamingTheSetting()
    {
        var data = Directory.CreateTempSubdirectory("accord-limits-").FullName;
        try
        {
            var e = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => AccordServerHost.Build([], o =>
            {
                o.DataDirectory = data;
                o.Port = 0;
                o.RateLimits.Requests = new TokenBucketOptions { PerSecond = 0, Burst = 10 };
            }));

            Assert.Contains("RateLimits", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task GetLogInfo_OneAddressFloodsUnsignedReads_RefusedRateLimitedSignedRequestsStillServed()
    {
        var server = await StartAsync(limits => limits.Reads = new TokenBucketOptions { PerSecond = 1, Burst = 5 });
        try
        {
            var lab = await TestParty.RegisterAsync(server.Registry, "lab");

            var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Outcome(server.Log.GetLogInfoAsync(new GetLogInfoRequest()).ResponseAsync)));
            var committed = await lab.CommitAsync(TestParty.Pause());

            var refused = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
            Assert.True(refused.Count >= 12, $"only {refused.Count} of 20 refused");
            Assert.All(refused, e => Assert.True(RpcErrorDetails.IsRateLimited(e)));
            Assert.Equal(lab.Id, committed.PartyId);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_LabOverItsReportRate_StreamEndsRateLimitedBatchNotIngestedOtherLabStreams()
    {
        var server = await StartAsync(limits => limits.Reports = new TokenBucketOptions { PerSecond = 1, Burst = 6 });
        try
        {
            var kit = await DeviceKit.CreateAsync(server);
            var otherLab = await TestParty.RegisterAsync(server.Registry, "lab");
            var fast = await kit.ReadyDeviceAsync();
            var calm = await kit.ReadyDeviceAsync(otherLab);
            var before = await TreeSize(server);

            using var call = kit.Monitoring.Stream();
            await call.RequestStream.WriteAsync(new StreamRequest { Hello = kit.Lab.Sign(new MonitoringHello { Header = RequestSigning.Header(kit.Lab.Id), Agent = "test" }) });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            await call.RequestStream.WriteAsync(new StreamRequest { Batch = Batch(1, fast, 5) });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var firstAck = call.ResponseStream.Current.Ack;
            await call.RequestStream.WriteAsync(new StreamRequest { Batch = Batch(2, fast, 5) });
            var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            var otherAck = (await kit.StreamAsync(otherLab, [.. Enumerable.Range(0, 5).Select(_ => calm.NextSigned())]))[0];

            Assert.All(firstAck.Results, r => Assert.Equal(ReportOutcome.Accepted, r.Outcome));
            Assert.True(RpcErrorDetails.IsRateLimited(e), e.ToString());
            Assert.Contains("reports", e.Status.Detail, StringComparison.Ordinal);
            Assert.All(otherAck.Results, r => Assert.Equal(ReportOutcome.Accepted, r.Outcome));
            var device = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = fast.Device.DeviceId })).Device;
            Assert.Equal(5ul, device.LastSequence);
            Assert.Equal(before + 10, await TreeSize(server));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_BatchLargerThanMaxRequestBytes_ResourceExhaustedNothingIngested()
    {
        var server = await StartAsync(_ => { });
        try
        {
            var kit = await DeviceKit.CreateAsync(server);
            var reporter = await kit.ReadyDeviceAsync();
            var before = await TreeSize(server);
            var padded = reporter.NextSigned();
            padded.Payload = ByteString.CopyFrom(new byte[300 * 1024]);

            using var call = kit.Monitoring.Stream();
            await call.RequestStream.WriteAsync(new StreamRequest { Hello = kit.Lab.Sign(new MonitoringHello { Header = RequestSigning.Header(kit.Lab.Id), Agent = "test" }) });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var batch = new ReportBatch { BatchId = 1 };
            batch.Reports.Add(padded);
            try
            {
                await call.RequestStream.WriteAsync(new StreamRequest { Batch = batch });
            }
            catch (Exception write) when (write is RpcException or OperationCanceledException or IOException)
            {
                // The server may refuse the message, and end the call, before the client finished sending it.
            }

            var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Equal(before, await TreeSize(server));
            Assert.Equal(0ul, (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = reporter.Device.DeviceId })).Device.LastSequence);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static ReportBatch Batch(ulong id, Reporter reporter, int count)
    {
        var batch = new ReportBatch { BatchId = id };
        batch.Reports.AddRange(Enumerable.Range(0, count).Select(_ => reporter.NextSigned()));
        return batch;
    }

    private static async Task<(T? Value, RpcException? Error)> Outcome<T>(Task<T> call)
        where T : class
    {
        try
        {
            return (await call, null);
        }
        catch (RpcException e)
        {
            return (null, e);
        }
    }

    private static async Task<long> TreeSize(AccordServerFixture server) =>
        (long)(await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;

    private static async Task<AccordServerFixture> StartAsync(Action<RateLimitOptions> limits)
    {
        var server = new AccordServerFixture { Configure = o => limits(o.RateLimits) };
        await server.InitializeAsync();
        return server;
    }
}

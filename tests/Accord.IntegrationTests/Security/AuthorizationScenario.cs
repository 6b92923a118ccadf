using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.IntegrationTests.Negotiation;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;

namespace Accord.IntegrationTests.Security;

/// <summary>Who makes a call in the authorization matrix (<see cref="AuthorizationMatrixTests"/>).</summary>
public enum Actor
{
    /// <summary>A fresh key never registered, new for every call: unsigned where the request's envelope is optional or absent.</summary>
    Anonymous,

    /// <summary>The lab that owns the object acted on.</summary>
    OwnLab,

    /// <summary>Another lab.</summary>
    OtherLab,

    /// <summary>A party the governance body granted the inspector role.</summary>
    Inspector,

    /// <summary>A party granted the inspector role, then the role removed by a governance act: an inspector without authority.</summary>
    FormerInspector,

    /// <summary>The test governance key: the body's signer for Govern; for party requests, a signer no party registered.</summary>
    Governance,
}

/// <summary>Who signs a call: a party id and the key it signs with, registered or not.</summary>
public sealed record Signer(string Id, PartyKeyPair Key)
{
    public static Signer Of(TestParty party) => new(party.Id, party.Key);

    /// <summary>A fresh header for this signer: its id, now, a new nonce.</summary>
    public RequestHeader Header() => RequestSigning.Header(Id);

    public Envelope Sign<T>(T payload)
        where T : IMessage<T> => RequestSigning.Sign(payload, Key);
}

/// <summary>
/// The parties and objects the authorization matrix acts on, made once per server: an own lab (the device kit's) with a
/// device enrolled with evidence that has reported, a run cap those reports breached (so a violation is in the feed), an
/// agreement, a negotiation session not yet run and one agreed; another lab; an inspector (the kit's) and a former inspector.
/// </summary>
public sealed class AuthorizationScenario
{
    /// <summary>A run cap the scenario's reports breach: two 100 ms reports at half an H100's BF16 peak are 9.9e13 FLOP.</summary>
    private const double BreachedCap = 5e13;

    private static readonly TimeSpan ReportLength = TimeSpan.FromMilliseconds(100);

    private AuthorizationScenario(AccordServerFixture server, DeviceKit kit)
    {
        Server = server;
        Kit = kit;
    }

    public AccordServerFixture Server { get; }

    public DeviceKit Kit { get; }

    public RegistryService.RegistryServiceClient Registry => Server.Registry;

    public DeviceService.DeviceServiceClient Devices => Kit.Devices;

    public MonitoringService.MonitoringServiceClient Monitoring => Kit.Monitoring;

    public ComplianceService.ComplianceServiceClient Compliance => new(Server.Channel);

    public NegotiationService.NegotiationServiceClient Negotiation => Server.Negotiation;

    public TransparencyLogService.TransparencyLogServiceClient Log => Server.Log;

    public TestParty OwnLab => Kit.Lab;

    public TestParty OtherLab { get; private set; } = null!;

    public TestParty Inspector => Kit.Inspector;

    public TestParty FormerInspector { get; private set; } = null!;

    /// <summary>Two more labs, parties to the own lab's agreements and sessions but never actors.</summary>
    public IReadOnlyList<TestParty> Partners { get; private set; } = [];

    /// <summary>The own lab's device, enrolled with evidence (so no other lab may contest it), with a reporting key.</summary>
    public Reporter Device { get; private set; } = null!;

    /// <summary>The log index of one of the device's accepted monitoring reports.</summary>
    public long ReportLogIndex { get; private set; }

    /// <summary>The own lab's run cap, breached by the device's reports: binding, with a violation in the feed.</summary>
    public CommitmentRecord Cap { get; private set; } = null!;

    /// <summary>An agreement the own lab proposed between itself and a partner.</summary>
    public AgreementRecord Agreement { get; private set; } = null!;

    /// <summary>A session of agents, created and not yet run.</summary>
    public string CreatedSession { get; private set; } = "";

    /// <summary>A session the own lab (seat 0) and the partners negotiated by agents to an agreement.</summary>
    public string AgreedSession { get; private set; } = "";

    public static async Task<AuthorizationScenario> CreateAsync(AccordServerFixture server)
    {
        var scenario = new AuthorizationScenario(server, await DeviceKit.CreateAsync(server));
        await scenario.ArrangeAsync();
        return scenario;
    }

    /// <summary>Who signs as <paramref name="actor"/>: a fresh party for <see cref="Actor.Anonymous"/>, a fresh party id with the governance key for <see cref="Actor.Governance"/>.</summary>
    public Signer As(Actor actor) => actor switch
    {
        Actor.Anonymous => new Signer(Id("anon"), PartyKeyPair.Generate()),
        Actor.OwnLab => Signer.Of(OwnLab),
        Actor.OtherLab => Signer.Of(OtherLab),
        Actor.Inspector => Signer.Of(Inspector),
        Actor.FormerInspector => Signer.Of(FormerInspector),
        Actor.Governance => new Signer(Id("governance"), TestGovernance.Key),
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Not an actor."),
    };

    /// <summary>An optional signed reader: none for <see cref="Actor.Anonymous"/>, else <paramref name="payload"/> with the actor's header, signed.</summary>
    public Envelope? Reader<T>(Actor actor, Func<RequestHeader, T> payload)
        where T : IMessage<T>
    {
        if (actor == Actor.Anonymous)
        {
            return null;
        }

        var signer = As(actor);
        return signer.Sign(payload(signer.Header()));
    }

    /// <summary>A fresh id with <paramref name="prefix"/>, for parties, agreements and sessions.</summary>
    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>A run cap no test run reaches: binding, and never breached.</summary>
    public static CommitmentTerms HarmlessCap() => RunCap(1e30);

    /// <summary>A device of the kit's manufacturer, enrolled by the own lab with SPDM evidence over a fresh challenge.</summary>
    public async Task<DeviceIdentity> EnrolledDeviceAsync() =>
        (await EnrolWithEvidenceAsync(Signer.Of(OwnLab))).Device;

    /// <summary>Enrols a new device of the kit's manufacturer as <paramref name="lab"/>, with SPDM evidence over a fresh challenge.</summary>
    public async Task<(DeviceIdentity Device, DeviceRecord Record)> EnrolWithEvidenceAsync(Signer lab)
    {
        var device = Kit.NewDevice();
        var nonce = await Kit.ChallengeAsync(device.DeviceId);
        var enrolment = new DeviceEnrolment
        {
            Header = lab.Header(),
            Model = DeviceModel.H100Sxm,
            CertificateChain = { device.ChainDer.Select(ByteString.CopyFrom) },
            Evidence = new SpdmEvidence { Report = ByteString.CopyFrom(SimulatedSpdmEvidence.Build(device, nonce)) },
        };
        var enrolled = await Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = lab.Sign(enrolment) });
        return (device, enrolled.Device);
    }

    /// <summary>A reporting key submission for <paramref name="device"/> (epoch 1, over a fresh challenge), signed by <paramref name="lab"/>.</summary>
    public async Task<(Envelope Submission, PartyKeyPair Key, byte[] Nonce)> ReportingKeyAsync(DeviceIdentity device, Signer lab)
    {
        var key = PartyKeyPair.Generate();
        var nonce = await Kit.ChallengeAsync(device.DeviceId);
        var submission = Protos.V1.ReportingKeySubmission.Parser.ParseFrom(Kit.ReportingKeySubmission(device, key, 1, nonce, OwnLab).Payload);
        submission.Header = lab.Header();
        return (lab.Sign(submission), key, nonce);
    }

    /// <summary>An agreement signature by <paramref name="signer"/> over <paramref name="agreement"/>'s exact terms.</summary>
    public static Envelope SignatureOn(AgreementRecord agreement, Signer signer) => signer.Sign(new AgreementSignature
    {
        Header = signer.Header(),
        AgreementId = agreement.AgreementId,
        TermsDigest = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(agreement.Proposal.Payload.Span)),
    });

    /// <summary>A ThreeLabs session with the own lab in seat 0 (as <paramref name="ownAgent"/>) and the partners' agents in seats 1 and 2.</summary>
    public SessionCreation Session(string sessionId, string ownAgent) =>
        NegotiationData.ThreeLabs(sessionId, (ownAgent, OwnLab.Id), ("linear", Partners[0].Id), ("conceder", Partners[1].Id));

    /// <summary>The verdict on the own lab the inspector would sign now, as the server prepares it (no header).</summary>
    public async Task<Verdict> PreparedVerdictAsync()
    {
        var query = new VerdictQuery { Header = RequestSigning.Header(Inspector.Id), PartyId = OwnLab.Id, CommitmentIds = { Cap.CommitmentId } };
        return (await Compliance.PrepareVerdictAsync(new PrepareVerdictRequest { Envelope = Inspector.Sign(query) })).Verdict;
    }

    /// <summary>
    /// Opens a monitoring stream as <paramref name="who"/> and sends one batch with the next report of the own lab's
    /// device: "ok" when it is accepted, else the report's reason. A refused hello throws, as the server answers it.
    /// </summary>
    public async Task<string> StreamReportAsync(Signer who)
    {
        using var call = Monitoring.Stream();
        await call.RequestStream.WriteAsync(new StreamRequest { Hello = who.Sign(new MonitoringHello { Header = who.Header(), Agent = "authorization-matrix" }) });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream ended without answering the hello");
        Assert.Equal(StreamResponse.KindOneofCase.Opened, call.ResponseStream.Current.KindCase);

        await call.RequestStream.WriteAsync(new StreamRequest { Batch = new ReportBatch { BatchId = 1, Reports = { Device.Sign(Device.Next(length: ReportLength)) } } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the stream ended without acknowledging the batch");
        var ack = call.ResponseStream.Current.Ack;
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        TakeChallenge(ack);
        var result = Assert.Single(ack.Results);
        return result.Outcome == ReportOutcome.Accepted ? AuthorizationMatrixTests.Ok : result.Reason;
    }

    /// <summary>
    /// Watches the own lab's violations as <paramref name="who"/>: "ok" once the cap's violation arrives. A refused
    /// subscription throws, as the server answers it.
    /// </summary>
    public async Task<string> WatchOwnViolationsAsync(Signer who)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var subscription = who.Sign(new ViolationSubscription { Header = who.Header(), PartyId = OwnLab.Id });
        using var call = Compliance.WatchViolations(new WatchViolationsRequest { Envelope = subscription }, cancellationToken: cancel.Token);
        try
        {
            return await call.ResponseStream.MoveNext(cancel.Token)
                ? call.ResponseStream.Current.Violation.PartyId == OwnLab.Id ? AuthorizationMatrixTests.Ok : "another party's violation"
                : "the watch ended without a violation";
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled })
        {
            return "no violation within 15 s";
        }
    }

    /// <summary>Reports carry the latest challenge the server issued to their device, as the agent does.</summary>
    private void TakeChallenge(BatchAck ack)
    {
        if (ack.Challenges.FirstOrDefault(c => c.DeviceId == Device.Device.DeviceId) is { } challenge)
        {
            Device.Nonce = challenge.Nonce.ToByteArray();
        }
    }

    private static CommitmentTerms RunCap(double maxFlop) => new()
    {
        TrainingRunCap = new TrainingRunComputeCap { MaxFlop = maxFlop, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
    };

    private async Task ArrangeAsync()
    {
        OtherLab = await TestParty.RegisterAsync(Registry, "other-lab");
        Partners = [await TestParty.RegisterAsync(Registry, "partner"), await TestParty.RegisterAsync(Registry, "partner")];
        FormerInspector = await TestParty.RegisterAsync(Registry, "former-insp", PartyRole.Inspector);
        await Accord.Client.Governance.GovernanceActs.EnactAsync(
            Registry, s => Accord.Client.Governance.GovernanceActs.RevokeRole(s, FormerInspector.Id, PartyRole.Inspector, "term ended"), [TestGovernance.Key], CancellationToken.None);

        // The device, enrolled with evidence; its reports breach the cap once it binds.
        var device = await EnrolledDeviceAsync();
        var (submission, key, nonce) = await ReportingKeyAsync(device, Signer.Of(OwnLab));
        await Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = submission });
        Device = new Reporter(device, key, 1, nonce);
        Cap = await OwnLab.CommitAsync(RunCap(BreachedCap));
        Device.IntervalEnd = Cap.ActivatedAt.ToDateTimeOffset();
        var ack = Assert.Single(await Kit.StreamAsync(OwnLab, [Device.Sign(Device.Next(length: ReportLength)), Device.Sign(Device.Next(length: ReportLength))]));
        Assert.All(ack.Results, r => Assert.Equal(ReportOutcome.Accepted, r.Outcome));
        ReportLogIndex = ack.Results[0].LogIndex;
        TakeChallenge(ack);

        Agreement = await OwnLab.ProposeAsync(Id("agreement"), [OwnLab.Id, Partners[0].Id]);
        CreatedSession = Id("created");
        await Negotiation.CreateSessionAsync(Session(CreatedSession, "boulware"), OwnLab);
        AgreedSession = Id("agreed");
        await Negotiation.CreateSessionAsync(Session(AgreedSession, "boulware"), OwnLab);
        var run = (await Negotiation.RunSessionAsync(AgreedSession, OwnLab)).Session;
        Assert.True(run.Outcome?.Agreement, $"session {AgreedSession} should end in agreement: {run}");

        await ViolationFoundAsync();
    }

    /// <summary>Waits until the compliance ledger has found the cap's violation (the reports end a moment in the future).</summary>
    private async Task ViolationFoundAsync()
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var wait = Device.IntervalEnd - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
            }

            var query = new RunDetailsQuery { Header = RequestSigning.Header(OwnLab.Id), PartyId = OwnLab.Id };
            var details = await Compliance.GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = OwnLab.Sign(query) });
            if (details.Violations.Any(v => v.CommitmentId == Cap.CommitmentId))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < until, $"no violation of cap {Cap.CommitmentId} within 20 s");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}

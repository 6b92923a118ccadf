using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Accord.Client;
using Accord.Client.Governance;
using Accord.Core.Transparency;
using Accord.DevTools;
using Accord.IntegrationTests.Infrastructure;
using Accord.IntegrationTests.Negotiation;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using Grpc.Core;
using static Accord.IntegrationTests.Security.AuthorizationScenario;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// The authorization matrix: every RPC of every accord.v1 service, called by each <see cref="Actor"/> against the real
/// server, with the outcome one table (<see cref="Matrix"/>) expects. An outcome is "ok" (allowed), "withheld" (allowed,
/// with the private fields hidden from this reader), or the ErrorInfo reason of the refusal; a domain refusal after
/// authorization (e.g. <c>PARTY_EXISTS</c>) shows that the actor got past it. A new RPC without a row fails
/// <see cref="Matrix_EveryRpcOfEveryService_HasOneRowAndEveryRowAnRpc"/>; docs/api.md ("The authorization matrix")
/// holds the table as Markdown, checked by <see cref="DocsApi_AuthorizationMatrix_IsTheGeneratedOne"/>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AuthorizationMatrixTests(AccordServerFixture server)
{
    /// <summary>The call was allowed.</summary>
    public const string Ok = "ok";

    /// <summary>The call was allowed, and what this reader may not see was withheld.</summary>
    public const string Withheld = "withheld";

    private const string UnknownParty = "UNKNOWN_PARTY";
    private const string NotALab = "NOT_A_LAB";
    private const string NotAnInspector = "NOT_AN_INSPECTOR";
    private const string TableBegin = "<!-- authorization matrix: generated from AuthorizationMatrixTests; the test checks it -->";
    private const string TableEnd = "<!-- end of authorization matrix -->";

    private static readonly Dictionary<string, string> AnOffer = new() { ["compute_cap"] = "3e26", ["pause_months"] = "3", ["coverage"] = "0.8" };

    private static readonly ConditionalWeakTable<AccordServerFixture, Lazy<Task<AuthorizationScenario>>> Scenarios = new();

    /// <summary>
    /// The one table: for each RPC (by its full name), what each actor gets, and the call that makes it as a given actor.
    /// Anonymous is a fresh unregistered key (unsigned where the envelope is optional or absent); Governance signs with the
    /// governance key as a party nobody registered. The own lab owns the object acted on.
    /// </summary>
    private static readonly Dictionary<string, Row> Matrix = new(StringComparer.Ordinal)
    {
        // anonymous, own lab, other lab, inspector, former inspector, governance; then the call.

        // RegistryService. RegisterParty: each registers itself (Anonymous and Governance under a fresh id).
        ["accord.v1.RegistryService/RegisterParty"] = new(Ok, "PARTY_EXISTS", "PARTY_EXISTS", "PARTY_EXISTS", "PARTY_EXISTS", Ok,
            (s, a) => Done(s.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = Registration(s.As(a)) }))),
        ["accord.v1.RegistryService/GetParty"] = Open(s => Done(s.Registry.GetPartyAsync(new GetPartyRequest { PartyId = s.OwnLab.Id }))),
        ["accord.v1.RegistryService/ListParties"] = Open(s => Done(s.Registry.ListPartiesAsync(new ListPartiesRequest()))),
        ["accord.v1.RegistryService/RegisterCommitment"] = new(UnknownParty, Ok, Ok, NotALab, NotALab, UnknownParty,
            (s, a) => Done(s.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = Signed(s.As(a), h => new CommitmentStatement { Header = h, Title = "matrix", Terms = HarmlessCap() }) }))),
        ["accord.v1.RegistryService/GetCommitment"] = Open(s => Done(s.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = s.Cap.CommitmentId }))),
        ["accord.v1.RegistryService/ListCommitments"] = Open(s => Done(s.Registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = s.OwnLab.Id }))),
        ["accord.v1.RegistryService/WithdrawCommitment"] = new(UnknownParty, Ok, "NOT_OWNER", "NOT_OWNER", "NOT_OWNER", UnknownParty,
            async (s, a) =>
            {
                var commitment = await s.OwnLab.CommitAsync(HarmlessCap());
                return await Done(s.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest
                {
                    Envelope = Signed(s.As(a), h => new CommitmentWithdrawal { Header = h, CommitmentId = commitment.CommitmentId, Reason = "matrix" }),
                }));
            }),

        // A pause of the own lab that the inspector actor's attestation releases.
        ["accord.v1.RegistryService/AttestCondition"] = new(UnknownParty, NotAnInspector, NotAnInspector, Ok, NotAnInspector, UnknownParty,
            async (s, a) =>
            {
                const string condition = "safeguards audited";
                var pause = await s.OwnLab.CommitAsync(new CommitmentTerms
                {
                    PauseWindow = new PauseWindow { ScopeMinFlop = 1e30, UntilAttested = new AttestedCondition { InspectorPartyId = s.Inspector.Id, Condition = condition } },
                });
                return await Done(s.Registry.AttestConditionAsync(new AttestConditionRequest
                {
                    Envelope = Signed(s.As(a), h => new ConditionAttestation { Header = h, CommitmentId = pause.CommitmentId, Condition = condition, Statement = "audited" }),
                }));
            }),

        // Any registered party may propose an agreement among others.
        ["accord.v1.RegistryService/ProposeAgreement"] = new(UnknownParty, Ok, Ok, Ok, Ok, UnknownParty,
            (s, a) => Done(s.Registry.ProposeAgreementAsync(new ProposeAgreementRequest
            {
                Envelope = Signed(s.As(a), h => new AgreementProposal
                {
                    Header = h, AgreementId = Id("agreement"), Title = "matrix", Text = "terms", PartyIds = { s.OwnLab.Id, s.Partners[0].Id }, Rule = new ActivationRule { All = true },
                }),
            }))),

        // An agreement between the own lab and a partner.
        ["accord.v1.RegistryService/SignAgreement"] = new(UnknownParty, Ok, "NOT_A_PARTY", "NOT_A_PARTY", "NOT_A_PARTY", UnknownParty,
            async (s, a) =>
            {
                var agreement = await s.OwnLab.ProposeAsync(Id("agreement"), [s.OwnLab.Id, s.Partners[0].Id]);
                return await Done(s.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = SignatureOn(agreement, s.As(a)) }));
            }),
        ["accord.v1.RegistryService/GetAgreement"] = Open(s => Done(s.Registry.GetAgreementAsync(new GetAgreementRequest { AgreementId = s.Agreement.AgreementId }))),
        ["accord.v1.RegistryService/ListAgreements"] = Open(s => Done(s.Registry.ListAgreementsAsync(new ListAgreementsRequest { PartyId = s.OwnLab.Id }))),

        // The next act, granting a new lab the negotiator role, signed by the actor's key alone.
        ["accord.v1.RegistryService/Govern"] = new("GOVERNANCE_THRESHOLD_NOT_MET", "GOVERNANCE_THRESHOLD_NOT_MET", "GOVERNANCE_THRESHOLD_NOT_MET",
            "GOVERNANCE_THRESHOLD_NOT_MET", "GOVERNANCE_THRESHOLD_NOT_MET", Ok,
            async (s, a) =>
            {
                var grantee = await TestParty.RegisterAsync(s.Registry, "grantee");
                await GovernanceActs.EnactAsync(s.Registry, n => GovernanceActs.GrantRole(n, grantee.Id, PartyRole.Negotiator, "matrix"), [s.As(a).Key], CancellationToken.None);
                return Ok;
            }),
        ["accord.v1.RegistryService/GetGovernance"] = Open(s => Done(s.Registry.GetGovernanceAsync(new GetGovernanceRequest()))),

        // DeviceService. A new manufacturer's root; a new device's certificate.
        ["accord.v1.DeviceService/AddTrustRoot"] = new(UnknownParty, NotAnInspector, NotAnInspector, Ok, NotAnInspector, UnknownParty,
            (s, a) => Done(s.Devices.AddTrustRootAsync(new AddTrustRootRequest
            {
                Envelope = Signed(s.As(a), h => new TrustRootAddition { Header = h, CertificateDer = ByteString.CopyFrom(NewRoot()), Label = "matrix" }),
            }))),
        ["accord.v1.DeviceService/RevokeCertificate"] = new(UnknownParty, NotAnInspector, NotAnInspector, Ok, NotAnInspector, UnknownParty,
            (s, a) => Done(s.Devices.RevokeCertificateAsync(new RevokeCertificateRequest
            {
                Envelope = Signed(s.As(a), h => new TrustRevocation { Header = h, CertificateSha256 = Convert.ToHexStringLower(SHA256.HashData(s.Kit.NewDevice().ChainDer[0])), Reason = "matrix" }),
            }))),
        ["accord.v1.DeviceService/ListTrust"] = Open(s => Done(s.Devices.ListTrustAsync(new ListTrustRequest()))),

        // The own lab's device, enrolled with evidence: no other lab may ask for a challenge of its own.
        ["accord.v1.DeviceService/GetChallenge"] = new(Ok, Ok, "NOT_OWNER", NotALab, NotALab, UnknownParty,
            (s, a) => Done(s.Devices.GetChallengeAsync(new GetChallengeRequest
            {
                DeviceId = s.Device.Device.DeviceId,
                Envelope = s.Reader(a, h => new ChallengeRequest { Header = h, DeviceId = s.Device.Device.DeviceId }),
            }))),

        // A new device, with evidence over a fresh challenge.
        ["accord.v1.DeviceService/EnrolDevice"] = new(UnknownParty, Ok, Ok, NotALab, NotALab, UnknownParty,
            async (s, a) =>
            {
                await s.EnrolWithEvidenceAsync(s.As(a));
                return Ok;
            }),

        // A new device the own lab enrolled.
        ["accord.v1.DeviceService/SubmitReportingKey"] = new(UnknownParty, Ok, "NOT_OWNER", NotALab, NotALab, UnknownParty,
            async (s, a) =>
            {
                var (submission, _, _) = await s.ReportingKeyAsync(await s.EnrolledDeviceAsync(), s.As(a));
                return await Done(s.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = submission }));
            }),
        ["accord.v1.DeviceService/GetDevice"] = new(Withheld, Ok, Withheld, Ok, Withheld, UnknownParty,
            async (s, a) => Totals((await s.Devices.GetDeviceAsync(new GetDeviceRequest
            {
                DeviceId = s.Device.Device.DeviceId,
                Reader = s.Reader(a, h => new DevicesReader { Header = h }),
            })).Device)),
        ["accord.v1.DeviceService/ListDevices"] = new(Withheld, Ok, Withheld, Ok, Withheld, UnknownParty,
            async (s, a) => Totals([.. (await s.Devices.ListDevicesAsync(new ListDevicesRequest
            {
                PartyId = s.OwnLab.Id,
                Reader = s.Reader(a, h => new DevicesReader { Header = h }),
            })).Devices])),

        // MonitoringService. A hello as the actor, then a report of the own lab's device.
        ["accord.v1.MonitoringService/Stream"] = new(UnknownParty, Ok, "NOT_OWNER", NotALab, NotALab, UnknownParty,
            (s, a) => s.StreamReportAsync(s.As(a))),

        // ComplianceService, on the own lab, whose cap its reports breached.
        ["accord.v1.ComplianceService/GetStatus"] = Open(s => Done(s.Compliance.GetStatusAsync(new GetStatusRequest { PartyId = s.OwnLab.Id }))),
        ["accord.v1.ComplianceService/GetRunDetails"] = new(UnknownParty, Ok, "NOT_PERMITTED", Ok, "NOT_PERMITTED", UnknownParty,
            (s, a) => Done(s.Compliance.GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = Signed(s.As(a), h => new RunDetailsQuery { Header = h, PartyId = s.OwnLab.Id }) }))),
        ["accord.v1.ComplianceService/NotifyTraining"] = new(UnknownParty, Ok, Ok, NotALab, NotALab, UnknownParty,
            (s, a) => Done(s.Compliance.NotifyTrainingAsync(new NotifyTrainingRequest
            {
                Envelope = Signed(s.As(a), h => new TrainingNotification { Header = h, WorkloadId = "matrix-run", ExpectedFlop = 1e20, Precision = Precision.Bf16 }),
            }))),
        ["accord.v1.ComplianceService/WatchViolations"] = new(UnknownParty, Ok, "NOT_PERMITTED", Ok, "NOT_PERMITTED", UnknownParty,
            (s, a) => s.WatchOwnViolationsAsync(s.As(a))),

        // Any registered party keeps its own place in the feed.
        ["accord.v1.ComplianceService/AcknowledgeViolations"] = new(UnknownParty, Ok, Ok, Ok, Ok, UnknownParty,
            (s, a) => Done(s.Compliance.AcknowledgeViolationsAsync(new AcknowledgeViolationsRequest { Envelope = Signed(s.As(a), h => new ViolationAcknowledgement { Header = h, Sequence = 0 }) }))),
        ["accord.v1.ComplianceService/PrepareVerdict"] = new(UnknownParty, NotAnInspector, NotAnInspector, Ok, NotAnInspector, UnknownParty,
            (s, a) => Done(s.Compliance.PrepareVerdictAsync(new PrepareVerdictRequest
            {
                Envelope = Signed(s.As(a), h => new VerdictQuery { Header = h, PartyId = s.OwnLab.Id, CommitmentIds = { s.Cap.CommitmentId } }),
            }))),

        // The verdict the server prepares for the inspector, signed by the actor.
        ["accord.v1.ComplianceService/IssueVerdict"] = new(UnknownParty, NotAnInspector, NotAnInspector, Ok, NotAnInspector, UnknownParty,
            async (s, a) =>
            {
                var verdict = await s.PreparedVerdictAsync();
                return await Done(s.Compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = Signed(s.As(a), h => WithHeader(verdict, h)) }));
            }),

        // NegotiationService. Sessions of the ThreeLabs domain, the own lab in seat 0. Any registered party creates one
        // (counted against its quota); only its creator or a seated party (the own lab) runs it.
        ["accord.v1.NegotiationService/CreateSession"] = new(UnknownParty, Ok, Ok, Ok, Ok, UnknownParty,
            (s, a) => Done(s.Negotiation.CreateSessionAsync(new CreateSessionRequest { Envelope = Signed(s.As(a), h => WithHeader(s.Session(Id("matrix"), "boulware"), h)) }))),
        ["accord.v1.NegotiationService/RunSession"] = new(UnknownParty, Ok, "NOT_PERMITTED", "NOT_PERMITTED", "NOT_PERMITTED", UnknownParty,
            (s, a) => Done(s.Negotiation.RunSessionAsync(new RunSessionRequest { Envelope = Signed(s.As(a), h => new SessionRun { Header = h, SessionId = s.CreatedSession }) }))),

        // A new session whose human seat 0, the own lab's, must offer.
        ["accord.v1.NegotiationService/SubmitMove"] = new(UnknownParty, Ok, "NOT_SEAT_OWNER", "NOT_SEAT_OWNER", "NOT_SEAT_OWNER", UnknownParty,
            async (s, a) =>
            {
                var id = Id("human");
                await s.Negotiation.CreateSessionAsync(s.Session(id, "human"), s.OwnLab);
                var turn = (await s.Negotiation.RunSessionAsync(id, s.OwnLab)).Session.Awaiting;
                var who = s.As(a);
                var move = NegotiationData.Move(who.Id, id, turn.Seat, turn.Step, MoveKind.Offer, AnOffer);
                return await Done(s.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = who.Sign(move) }));
            }),

        // The own lab's seat's utilities in the agreed session.
        ["accord.v1.NegotiationService/GetSession"] = new(Withheld, Ok, Withheld, Withheld, Withheld, UnknownParty,
            async (s, a) => OwnSeat((await s.Negotiation.GetSessionAsync(new GetSessionRequest
            {
                SessionId = s.AgreedSession,
                Reader = s.Reader(a, h => new SessionReader { Header = h }),
            })).Session.Trace.Select(t => t.Utilities))),
        ["accord.v1.NegotiationService/WatchSession"] = new(Withheld, Ok, Withheld, Withheld, Withheld, UnknownParty,
            async (s, a) =>
            {
                using var call = s.Negotiation.WatchSession(new WatchSessionRequest { SessionId = s.AgreedSession, Reader = s.Reader(a, h => new SessionReader { Header = h }) });
                var moves = new List<RepeatedField<double>>();
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    if (call.ResponseStream.Current.Event.Move is { } move)
                    {
                        moves.Add(move.Utilities);
                    }
                }

                return OwnSeat(moves);
            }),
        ["accord.v1.NegotiationService/DraftSessionAgreement"] = Open(s => Done(s.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest
        {
            SessionId = s.AgreedSession,
            AgreementId = Id("draft"),
        }))),

        // The agreed session's draft, proposed by the actor.
        ["accord.v1.NegotiationService/ProposeSessionAgreement"] = new(UnknownParty, Ok, Ok, Ok, Ok, UnknownParty,
            async (s, a) =>
            {
                var draft = await s.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = s.AgreedSession, AgreementId = Id("deal") });
                return await Done(s.Negotiation.ProposeSessionAgreementAsync(new ProposeSessionAgreementRequest
                {
                    SessionId = s.AgreedSession,
                    Envelope = Signed(s.As(a), h => WithHeader(draft.Proposal, h)),
                }));
            }),

        // TransparencyLogService: open, but a monitoring report's bytes only to its lab and inspectors.
        ["accord.v1.TransparencyLogService/GetLogInfo"] = Open(s => Done(s.Log.GetLogInfoAsync(new GetLogInfoRequest()))),
        ["accord.v1.TransparencyLogService/GetCheckpoint"] = Open(s => Done(s.Log.GetCheckpointAsync(new GetCheckpointRequest()))),
        ["accord.v1.TransparencyLogService/GetInclusionProof"] = Open(s => Done(s.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = s.ReportLogIndex }))),
        ["accord.v1.TransparencyLogService/GetConsistencyProof"] = Open(s => Done(s.Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = 1 }))),
        ["accord.v1.TransparencyLogService/GetEntries"] = new(Withheld, Ok, Withheld, Ok, Withheld, UnknownParty,
            async (s, a) => Assert.Single((await s.Log.GetEntriesAsync(new GetEntriesRequest
            {
                Start = s.ReportLogIndex,
                Count = 1,
                Reader = s.Reader(a, h => new EntriesReader { Header = h }),
            })).Entries).Withheld ? Withheld : Ok),

        // A checkpoint cosigned by the witness the server trusts, sent by anyone.
        ["accord.v1.TransparencyLogService/AddCosignature"] = Open(async s =>
        {
            var latest = await s.Log.GetCheckpointAsync(new GetCheckpointRequest());
            var cosigned = Witnessing.Cosign(s.Server.Witness, await s.Server.LogKeyAsync(), null, latest.Checkpoint, [], DateTimeOffset.UtcNow);
            return await Done(s.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned.Format() }));
        }),
    };

    /// <summary>The RPCs of the table, one theory case each.</summary>
    public static TheoryData<string> Rpcs()
    {
        var data = new TheoryData<string>();
        foreach (var rpc in Matrix.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(rpc);
        }

        return data;
    }

    [Fact]
    public void Matrix_EveryRpcOfEveryService_HasOneRowAndEveryRowAnRpc()
    {
        var rpcs = ServiceRpcs().ToList();
        var withoutRow = rpcs.Except(Matrix.Keys).ToList();
        var withoutRpc = Matrix.Keys.Except(rpcs).Order(StringComparer.Ordinal).ToList();

        Assert.Contains($"{RegistryService.Descriptor.FullName}/{RegistryService.Descriptor.Methods[0].Name}", rpcs);
        Assert.True(withoutRow.Count == 0 && withoutRpc.Count == 0,
            $"AuthorizationMatrixTests.Matrix needs a row for each RPC: without a row: [{string.Join(", ", withoutRow)}]; rows of no RPC: [{string.Join(", ", withoutRpc)}]");
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Rpc_EachActor_GetsTheOutcomeItsRowExpects(string rpc)
    {
        var scenario = await Scenarios.GetValue(server, s => new Lazy<Task<AuthorizationScenario>>(() => AuthorizationScenario.CreateAsync(s))).Value;
        var row = Matrix[rpc];

        var wrong = new List<string>();
        foreach (var actor in Enum.GetValues<Actor>())
        {
            var (outcome, detail) = await OutcomeAsync(() => row.Call(scenario, actor));
            if (outcome != row.Expected(actor))
            {
                wrong.Add($"{rpc} as {actor}: expected {row.Expected(actor)}, actual {outcome}{detail}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void DocsApi_AuthorizationMatrix_IsTheGeneratedOne()
    {
        var docs = File.ReadAllText(Repository.PathOf("docs", "api.md"));
        var begin = docs.IndexOf(TableBegin, StringComparison.Ordinal);
        var end = docs.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/api.md needs the authorization matrix between its markers:\n{TableBegin}\n{Markdown()}{TableEnd}");

        var written = docs[(begin + TableBegin.Length)..end].Trim('\n').ReplaceLineEndings("\n");

        Assert.True(written == Markdown().TrimEnd('\n'), $"docs/api.md's authorization matrix is out of date; it should read:\n{Markdown()}");
    }

    /// <summary>The table as docs/api.md holds it: one row per RPC, by service, in the order the protos declare them.</summary>
    private static string Markdown()
    {
        var table = new StringBuilder();
        table.Append("| RPC | anonymous | own lab | other lab | inspector | former inspector | governance |\n");
        table.Append("|---|---|---|---|---|---|---|\n");
        foreach (var rpc in ServiceRpcs().Where(Matrix.ContainsKey))
        {
            var row = Matrix[rpc];
            table.Append($"| `{rpc["accord.v1.".Length..].Replace('/', '.')}` | ")
                .AppendJoin(" | ", Enum.GetValues<Actor>().Select(a => row.Expected(a) is Ok or Withheld ? row.Expected(a) : $"`{row.Expected(a)}`"))
                .Append(" |\n");
        }

        return table.ToString();
    }

    /// <summary>Every RPC of every service of package accord.v1 the generated code declares, services by name, methods in proto order.</summary>
    private static IEnumerable<string> ServiceRpcs() =>
        typeof(RegistryService).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed)
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package == "accord.v1")
            .SelectMany(f => f.Services)
            .DistinctBy(s => s.FullName)
            .OrderBy(s => s.FullName, StringComparer.Ordinal)
            .SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}"));

    /// <summary>What a call came to: its outcome, and for a refusal the server's message.</summary>
    private static async Task<(string Outcome, string Detail)> OutcomeAsync(Func<Task<string>> call)
    {
        try
        {
            return (await call(), "");
        }
        catch (RpcException e)
        {
            return (RpcErrorDetails.Reason(e) ?? $"{e.StatusCode} without a reason", $" ({e.StatusCode}: {e.Status.Detail})");
        }
    }

    /// <summary>A row whose every actor is allowed: an RPC that takes no signature, called alike by everyone.</summary>
    private static Row Open(Func<AuthorizationScenario, Task<string>> call) => new(Ok, Ok, Ok, Ok, Ok, Ok, (s, _) => call(s));

    private static async Task<string> Done<T>(AsyncUnaryCall<T> call)
    {
        using (call)
        {
            await call.ResponseAsync;
        }

        return Ok;
    }

    private static Envelope Signed<T>(Signer who, Func<RequestHeader, T> payload)
        where T : IMessage<T> => who.Sign(payload(who.Header()));

    private static Envelope Registration(Signer who) => Signed(who, h => new PartyRegistration
    {
        Header = h,
        DisplayName = "matrix " + who.Id,
        Roles = { PartyRole.Lab },
        PublicKey = ByteString.CopyFrom(who.Key.PublicKey.ToBytes()),
    });

    private static Verdict WithHeader(Verdict verdict, RequestHeader header)
    {
        var signed = verdict.Clone();
        signed.Header = header;
        return signed;
    }

    private static SessionCreation WithHeader(SessionCreation creation, RequestHeader header)
    {
        creation.Header = header;
        return creation;
    }

    private static AgreementProposal WithHeader(AgreementProposal proposal, RequestHeader header)
    {
        var signed = proposal.Clone();
        signed.Header = header;
        return signed;
    }

    private static byte[] NewRoot() => TestManufacturer.Create("Matrix Fab " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow).RootDer;

    /// <summary>"withheld" when every device's totals are withheld, "ok" when none are.</summary>
    private static string Totals(params IReadOnlyList<DeviceRecord> devices) =>
        devices.Count == 0 ? "no devices"
        : devices.All(d => d.TotalsWithheld) ? Withheld
        : devices.All(d => !d.TotalsWithheld) ? Ok
        : "some totals withheld";

    /// <summary>"ok" when the own lab's seat (0) shows its utilities in every move that has them, "withheld" when it shows none.</summary>
    private static string OwnSeat(IEnumerable<RepeatedField<double>> utilities)
    {
        var own = utilities.Where(u => u.Count > 0).Select(u => u[0]).ToList();
        return own.Count == 0 ? "no utilities"
            : own.All(double.IsNaN) ? Withheld
            : own.All(u => !double.IsNaN(u)) ? Ok
            : "some utilities withheld";
    }

    /// <summary>One row of the matrix: what each actor gets, and the call that makes it as a given actor.</summary>
    private sealed record Row(
        string Anonymous,
        string OwnLab,
        string OtherLab,
        string Inspector,
        string FormerInspector,
        string Governance,
        Func<AuthorizationScenario, Actor, Task<string>> Call)
    {
        public string Expected(Actor actor) => actor switch
        {
            Actor.Anonymous => Anonymous,
            Actor.OwnLab => OwnLab,
            Actor.OtherLab => OtherLab,
            Actor.Inspector => Inspector,
            Actor.FormerInspector => FormerInspector,
            Actor.Governance => Governance,
            _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Not an actor."),
        };
    }
}

using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Grpc.Core;
using static Accord.IntegrationTests.Negotiation.NegotiationData;

namespace Accord.IntegrationTests.Negotiation;

/// <summary>CreateSession and the session reads refuse bad input with the status, reason and field.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreateSessionBadInputTests(AccordServerFixture server)
{
    [Theory]
    [InlineData("unknown agent", "UNKNOWN_AGENT", "seats[1].agent", "unknown agent 'haggler'")]
    [InlineData("mediator seat", "UNKNOWN_AGENT", "seats[0].agent", "NEGOTIATION_PROTOCOL_MEDIATED")]
    [InlineData("two seats", "SEAT_COUNT_MISMATCH", "seats", "has 3 parties (FrontierLab, SafetyLab, OpenLab)")]
    [InlineData("four seats", "SEAT_COUNT_MISMATCH", "seats", "(got 4)")]
    [InlineData("wrong type", "MALFORMED_DOMAIN", "domain_json", "$.parties[0].reservation must be a finite number")]
    [InlineData("unknown member", "MALFORMED_DOMAIN", "domain_json", "$.issues[1]")]
    [InlineData("not json", "MALFORMED_DOMAIN", "domain_json", "does not parse")]
    [InlineData("bad xml", "MALFORMED_DOMAIN", "genius", "does not parse")]
    [InlineData("no domain", "MALFORMED_DOMAIN", "domain", "domain_json or genius")]
    [InlineData("duplicate party", "DUPLICATE_PARTY", "seats[2].party_id", "already holds another seat")]
    [InlineData("bad party id", "INVALID_ARGUMENT", "seats[0].party_id", "[a-z0-9._-]")]
    [InlineData("unregistered human", "UNKNOWN_PARTY", "seats[0].party_id", "is not registered")]
    [InlineData("too many rounds", "INVALID_ARGUMENT", "options.rounds", "1 to 10000")]
    [InlineData("bad session id", "INVALID_ARGUMENT", "session_id", "[a-z0-9._-]")]
    public async Task CreateSession_BadInput_InvalidArgumentNamingTheField(string @case, string reason, string field, string message)
    {
        var request = Request(@case);

        var e = await Refusals.AssertRefusedAsync(StatusCode.InvalidArgument, reason, async () => await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server)));

        Assert.Equal([field], Refusals.ViolatedFields(e));
        Assert.Contains(message, e.Status.Detail, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(request.SessionId) && @case != "bad session id")
        {
            await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION",
                () => server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = request.SessionId }).ResponseAsync);
        }
    }

    [Fact]
    public async Task CreateSession_TakenId_AlreadyExists()
    {
        var request = ThreeLabs(Id(), ("boulware", "lab-a"), ("linear", "lab-b"), ("conceder", "lab-c"));
        var first = (await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server))).Session;

        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "SESSION_EXISTS", async () => await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server)));

        Assert.Equal(SessionStatus.Created, first.Status);
        Assert.Equal(new[] { "compute_cap", "pause_months", "coverage" }, first.Issues.Select(i => i.Name));
        Assert.Equal(100u, first.Rounds);
    }

    [Fact]
    public async Task CreateSession_NoId_ServerMakesOne()
    {
        var request = ThreeLabs("", ("boulware", "lab-a"), ("tft", "lab-b"), ("micro", "lab-c"));

        var session = (await server.Negotiation.CreateSessionAsync(request, await NegotiationData.CreatorAsync(server))).Session;

        Assert.StartsWith("s-", session.SessionId);
        Assert.Equal(new[] { "boulware", "tit-for-tat", "micro" }, session.Seats.Select(s => s.Agent));
    }

    [Fact]
    public async Task SessionCalls_UnknownSession_NotFound()
    {
        var id = Id();
        var lab = await TestParty.RegisterAsync(server.Registry, "nf");

        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION", () => server.Negotiation.GetSessionAsync(new GetSessionRequest { SessionId = id }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION", async () => await server.Negotiation.RunSessionAsync(id, await NegotiationData.CreatorAsync(server)));
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION",
            () => server.Negotiation.SubmitMoveAsync(new SubmitMoveRequest { Envelope = lab.Sign(Move(lab.Id, id, 0, 0, MoveKind.End)) }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_SESSION",
            () => server.Negotiation.DraftSessionAgreementAsync(new DraftSessionAgreementRequest { SessionId = id, AgreementId = "any" }).ResponseAsync);
    }

    private static SessionCreation Request(string @case)
    {
        var three = new[] { ("boulware", "lab-a"), ("linear", "lab-b"), ("conceder", "lab-c") };
        switch (@case)
        {
            case "unknown agent":
                return ThreeLabs(Id(), ("boulware", "lab-a"), ("haggler", "lab-b"), ("conceder", "lab-c"));
            case "mediator seat":
                return ThreeLabs(Id(), ("mediator", "lab-a"), ("linear", "lab-b"), ("conceder", "lab-c"));
            case "two seats":
                return ThreeLabs(Id(), three[..2]);
            case "four seats":
                return ThreeLabs(Id(), [.. three, ("linear", "lab-d")]);
            case "wrong type":
                return WithJson(ReplaceFirst(ThreeLabsJson, "\"reservation\": 0.3", "\"reservation\": \"high\""));
            case "unknown member":
                return WithJson(ReplaceFirst(ThreeLabsJson, "\"name\": \"pause_months\",", "\"name\": \"pause_months\", \"unit\": \"months\","));
            case "not json":
                return WithJson("{\"format\": ");
            case "bad xml":
            {
                var request = ThreeLabs(Id(), three);
                request.Genius = new GeniusDomain { DomainXml = "<negotiation_template><utility_space>", Profiles = { new GeniusProfile { PartyName = "a", Xml = "<x/>" } } };
                return request;
            }

            case "no domain":
            {
                var request = ThreeLabs(Id(), three);
                request.ClearDomain();
                return request;
            }

            case "duplicate party":
                return ThreeLabs(Id(), ("boulware", "lab-a"), ("linear", "lab-b"), ("conceder", "lab-a"));
            case "bad party id":
                return ThreeLabs(Id(), ("boulware", "Lab A"), ("linear", "lab-b"), ("conceder", "lab-c"));
            case "unregistered human":
                return ThreeLabs(Id(), ("human", $"ghost-{Guid.NewGuid():N}"[..20]), ("linear", "lab-b"), ("conceder", "lab-c"));
            case "too many rounds":
            {
                var request = ThreeLabs(Id(), three);
                request.Options = new NegotiationSettings { Rounds = 20_000 };
                return request;
            }

            case "bad session id":
                return ThreeLabs("Bad Id", three);
            default:
                throw new ArgumentOutOfRangeException(nameof(@case), @case, null);
        }

        SessionCreation WithJson(string json)
        {
            var request = ThreeLabs(Id(), three);
            request.DomainJson = json;
            return request;
        }
    }

    private static string ReplaceFirst(string text, string old, string replacement)
    {
        var i = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{old}' is not in the test domain");
        return string.Concat(text.AsSpan(0, i), replacement, text.AsSpan(i + old.Length));
    }

    private static string Id() => $"bad-{Guid.NewGuid().ToString("N")[..10]}";
}

using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Grpc.Core;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>
/// `accord session create|start|stop|offer|accept|reject|end|show|watch|propose-agreement`: negotiation sessions on the
/// server (accord.v1.NegotiationService, docs/negotiation.md "Over gRPC and the CLI"), each act signed by the key
/// file's party. Sessions cannot be listed, so a session id is given in full.
/// </summary>
public static class SessionCommands
{
    public static Command Build()
    {
        var session = new Command("session", "Negotiation sessions on the server: agent and human seats, moves, live events, and the deal as an agreement proposal");
        session.Add(Create());
        session.Add(Start());
        session.Add(Stop());
        session.Add(Offer());
        session.Add(Move("accept", "Accept the offer on the table (or the mediator's text) for your seat", MoveKind.Accept));
        session.Add(Move("reject", "Reject the offer on the table (or the mediator's text) without a counter-offer", MoveKind.Reject));
        session.Add(Move("end", "Walk away: the session ends with no deal (alternating offers)", MoveKind.End));
        session.Add(Show());
        session.Add(Watch());
        session.Add(ProposeAgreement());
        return session;
    }

    private static NegotiationService.NegotiationServiceClient Client(CallInvoker channel) => new(channel);

    private static Argument<string> SessionId() => new("session-id") { Description = "The session id (as `session create` printed it)" };

    private static Command Create()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var domain = new Option<string>("--domain") { Description = "A native JSON domain file, or a folder with one GENIUS *-domain.xml and its profiles (parties in file-name order), as `accord negotiate` takes it", Required = true };
        var seats = new Option<string[]>("--seat")
        {
            Description = "One per party of the domain, in its party order: PARTY for a human seat held by that registered party, PARTY=AGENT for an agent (boulware, linear, conceder, tit-for-tat, micro) representing PARTY",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var id = new Option<string?>("--id") { Description = "The session id (1 to 64 of [a-z0-9._-]; default: the server makes one)" };
        var rounds = new Option<uint>("--rounds") { Description = "Deadline in rounds (1 to 10,000)", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed (party i's agent gets seed x 7919 + i)", DefaultValueFactory = _ => 0 };
        var protocol = new Option<string>("--protocol") { Description = "alternating (stacked alternating offers) or mediated (the AI mediator's single text)", DefaultValueFactory = _ => "alternating" };
        var command = new Command("create", "Create a session on the server (signed; counts against your quota); `session start` runs it")
        {
            key, domain, seats, id, rounds, seed, protocol, server, SignedRequests.DryRun(),
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            var creation = new SessionCreation
            {
                Header = RequestSigning.Header(file.PartyId),
                SessionId = parse.GetValue(id) ?? "",
                Options = new NegotiationSettings
                {
                    Rounds = parse.GetValue(rounds),
                    Seed = parse.GetValue(seed),
                    Protocol = SessionSpecs.Protocol(parse.GetRequiredValue(protocol)),
                },
            };
            creation.Seats.AddRange(SessionSpecs.Seats(parse.GetRequiredValue(seats)));
            SessionSpecs.SetDomain(creation, parse.GetRequiredValue(domain));
            using var channel = CommonOptions.Channel(parse, server);
            var response = await SignedRequests.SendAsync(parse, "NegotiationService/CreateSession", creation, file,
                envelope => Client(channel).CreateSessionAsync(new CreateSessionRequest { Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            Print(console, SessionText.Lines(response.Session));
            console.Out.WriteLine($"session id: {response.Session.SessionId}");
        });
        return command;
    }

    private static Command Start()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = SessionId();
        var command = new Command("start", "Start or resume a session as its creator or a seated party (alias: join): it runs until a human seat must move, or to the end") { id, key, server, SignedRequests.DryRun() };
        command.Aliases.Add("join");
        command.SetHandler((parse, cancellationToken) => RunAsync(parse, server, key, id, stop: false, cancellationToken));
        return command;
    }

    private static Command Stop()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = SessionId();
        var command = new Command("stop", "Stop a session for good as its creator or a seated party: it ends FAILED, STOPPED") { id, key, server, SignedRequests.DryRun() };
        command.SetHandler((parse, cancellationToken) => RunAsync(parse, server, key, id, stop: true, cancellationToken));
        return command;
    }

    private static async Task RunAsync(ParseResult parse, Option<string?> server, Option<FileInfo> key, Argument<string> id, bool stop, CancellationToken cancellationToken)
    {
        var console = CliConsole.Of(parse);
        var file = CommonOptions.ReadKey(parse, key);
        var run = new SessionRun { Header = RequestSigning.Header(file.PartyId), SessionId = parse.GetRequiredValue(id), Stop = stop };
        using var channel = CommonOptions.Channel(parse, server);
        var response = await SignedRequests.SendAsync(parse, "NegotiationService/RunSession", run, file,
            envelope => Client(channel).RunSessionAsync(new RunSessionRequest { Envelope = envelope }, cancellationToken: cancellationToken));
        if (response is not null)
        {
            console.Out.WriteLine(SessionText.State(response.Session));
        }
    }

    private static Command Offer()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = SessionId();
        var pairs = new Argument<string[]>("issue=value") { Description = "One ISSUE=VALUE per issue of the domain (a value label, or a number inside a numeric issue's range)", Arity = ArgumentArity.OneOrMore };
        var message = Message();
        var command = new Command("offer", "Offer an outcome for your seat (alternating offers; it also rejects the offer on the table)") { id, pairs, key, message, server, SignedRequests.DryRun() };
        command.SetHandler((parse, cancellationToken) =>
            MoveAsync(parse, server, key, id, message, MoveKind.Offer, SessionSpecs.Offer(parse.GetRequiredValue(pairs)), cancellationToken));
        return command;
    }

    private static Command Move(string name, string description, MoveKind kind)
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = SessionId();
        var message = Message();
        var command = new Command(name, description) { id, key, message, server, SignedRequests.DryRun() };
        command.SetHandler((parse, cancellationToken) => MoveAsync(parse, server, key, id, message, kind, null, cancellationToken));
        return command;
    }

    private static Option<string?> Message() => new("--message") { Description = "A public message every party sees" };

    /// <summary>The key file's party's move at the session's awaited step, for the seat it holds; the server judges the rest (turn, step, kind, values).</summary>
    private static async Task MoveAsync(
        ParseResult parse, Option<string?> server, Option<FileInfo> key, Argument<string> id, Option<string?> message, MoveKind kind, IReadOnlyDictionary<string, string>? offer, CancellationToken cancellationToken)
    {
        var console = CliConsole.Of(parse);
        var file = CommonOptions.ReadKey(parse, key);
        using var channel = CommonOptions.Channel(parse, server);
        var client = Client(channel);
        var session = (await client.GetSessionAsync(new GetSessionRequest { SessionId = parse.GetRequiredValue(id) }, cancellationToken: cancellationToken)).Session;
        var move = new NegotiationMove
        {
            Header = RequestSigning.Header(file.PartyId),
            SessionId = session.SessionId,
            Seat = SeatOf(session, file),
            Step = session.Awaiting?.Step ?? 0,
            Kind = kind,
            Message = parse.GetValue(message) ?? "",
        };
        if (offer is not null)
        {
            foreach (var (issue, value) in offer)
            {
                move.Offer[issue] = value;
            }
        }

        var response = await SignedRequests.SendAsync(parse, "NegotiationService/SubmitMove", move, file,
            envelope => client.SubmitMoveAsync(new SubmitMoveRequest { Envelope = envelope }, cancellationToken: cancellationToken));
        if (response is null)
        {
            return;
        }

        console.Out.WriteLine($"move logged at index {response.Receipt.Index}");
        console.Out.WriteLine(SessionText.State(response.Session));
    }

    /// <summary>The seat the key file's party holds in <paramref name="session"/> (a party holds at most one).</summary>
    private static uint SeatOf(NegotiationSession session, KeyFileContents file)
    {
        for (var i = 0; i < session.Seats.Count; i++)
        {
            if (session.Seats[i].PartyId == file.PartyId)
            {
                return (uint)i;
            }
        }

        throw new CliFailure(Printable.Text($"party '{file.PartyId}' holds no seat in session '{session.SessionId}' (seats: {string.Join(", ", session.Seats.Select(s => $"{s.Name} {s.PartyId}"))})"));
    }

    private static Option<FileInfo?> ReaderKey() => new("--key")
    {
        Description = "Read as this party (key file): a seat's utilities are shown to its party only, hidden from anyone else",
    };

    private static Envelope? Reader(ParseResult parse, Option<FileInfo?> key) =>
        CommonOptions.SignedReader(parse, key, header => new SessionReader { Header = header });

    private static Command Show()
    {
        var server = CommonOptions.Server();
        var id = SessionId();
        var reader = ReaderKey();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a session: seats, issues, every move with each party's utility (yours with --key), where it stands") { id, reader, server, json };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var channel = CommonOptions.Channel(parse, server);
            var response = await Client(channel).GetSessionAsync(new GetSessionRequest { SessionId = parse.GetRequiredValue(id), Reader = Reader(parse, reader) }, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console, response);
                return;
            }

            Print(console, SessionText.Lines(response.Session));
        });
        return command;
    }

    private static Command Watch()
    {
        var server = CommonOptions.Server();
        var id = SessionId();
        var reader = ReaderKey();
        var from = new Option<uint>("--from") { Description = "The first event wanted (events are numbered from 0; to resume, one after the last seen)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print each event as one JSON object per line: the WatchSessionResponse in the proto3 JSON mapping" };
        var command = new Command("watch", "Print a session's events as they happen (moves with issue names and each party's utility, turns, the end); exits when the session ends")
        {
            id, reader, from, server, json,
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            using var channel = CommonOptions.Channel(parse, server);
            var client = Client(channel);
            var sessionId = parse.GetRequiredValue(id);
            var session = (await client.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: cancellationToken)).Session;
            using var call = client.WatchSession(new WatchSessionRequest { SessionId = sessionId, FromIndex = parse.GetValue(from), Reader = Reader(parse, reader) }, cancellationToken: cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var response = call.ResponseStream.Current;
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(console, response);
                }
                else
                {
                    console.Out.WriteLine(SessionText.Event(session, response.Event));
                }
            }
        });
        return command;
    }

    private static Command ProposeAgreement()
    {
        var server = CommonOptions.Server();
        var key = CommonOptions.Key();
        var id = SessionId();
        var agreement = new Option<string>("--agreement-id") { Description = "The agreement id to propose (1 to 64 of [a-z0-9._-])", Required = true };
        var title = new Option<string?>("--title") { Description = "The agreement's title (default: the domain's name and the session id)" };
        var command = new Command("propose-agreement", "Propose the agreed deal of a finished session as a registry agreement (signed by you; every seat's party then signs it with `accord agreement sign`)")
        {
            id, key, agreement, title, server, SignedRequests.DryRun(),
        };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var file = CommonOptions.ReadKey(parse, key);
            using var channel = CommonOptions.Channel(parse, server);
            var client = Client(channel);
            var sessionId = parse.GetRequiredValue(id);
            var draft = await client.DraftSessionAgreementAsync(
                new DraftSessionAgreementRequest { SessionId = sessionId, AgreementId = parse.GetRequiredValue(agreement), Title = parse.GetValue(title) ?? "" }, cancellationToken: cancellationToken);
            var proposal = draft.Proposal;
            proposal.Header = RequestSigning.Header(file.PartyId);
            var response = await SignedRequests.SendAsync(parse, "NegotiationService/ProposeSessionAgreement", proposal, file,
                envelope => client.ProposeSessionAgreementAsync(new ProposeSessionAgreementRequest { SessionId = sessionId, Envelope = envelope }, cancellationToken: cancellationToken));
            if (response is null)
            {
                return;
            }

            console.Ansi.Write(Tables.Agreement(response.Agreement));
            console.Out.WriteLine($"proposal logged at index {response.Receipt.Index}; each party signs it with `accord agreement sign {response.Agreement.AgreementId} --key FILE`");
            foreach (var c in response.Commitments)
            {
                console.Out.WriteLine(Printable.Text($"{c.PartyId} registers: {c.Description}"));
                console.Out.WriteLine(Printable.Text($"  {c.Command} --key FILE"));
            }
        });
        return command;
    }

    private static void Print(CliConsole console, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            console.Out.WriteLine(line);
        }
    }
}

using System.CommandLine;
using Accord.Cli.Output;
using Accord.Client;
using Accord.Client.Governance;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.Cli.Commands;

/// <summary>
/// The one place a command signs a request and sends it, and so the one place `--dry-run` is honoured: under it the
/// command prints what it would sign (the payload in the proto3 JSON mapping, its type, the RPC and the signer) and
/// sends nothing. Every command that acts through here must carry <see cref="DryRun"/> (the command-tree test checks it).
/// </summary>
public static class SignedRequests
{
    /// <summary>The option's name.</summary>
    public const string DryRunName = "--dry-run";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>--dry-run, on every command that signs and sends a request that changes something.</summary>
    public static Option<bool> DryRun() => new(DryRunName)
    {
        Description = "Print what would be signed and sent (the payload in proto3 JSON, its type, the RPC and the signer) and send nothing",
    };

    /// <summary>Whether this invocation is a dry run; a command that signs without carrying --dry-run is a bug and fails loudly.</summary>
    public static bool IsDryRun(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var option = parse.CommandResult.Command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == DryRunName)
            ?? throw new InvalidOperationException($"'{parse.CommandResult.Command.Name}' signs a request but has no {DryRunName} option");
        return parse.GetValue(option);
    }

    /// <summary>
    /// Signs <paramref name="payload"/> with <paramref name="signer"/>'s key and sends it with <paramref name="send"/>
    /// (the RPC <paramref name="rpc"/>, as `Service/Method`); under --dry-run prints it instead and returns null.
    /// </summary>
    public static async Task<TResponse?> SendAsync<TPayload, TResponse>(
        ParseResult parse, string rpc, TPayload payload, KeyFileContents signer, Func<Envelope, AsyncUnaryCall<TResponse>> send)
        where TPayload : IMessage<TPayload>
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(send);
        if (Preview(parse, rpc, payload, [Signer(signer)]))
        {
            return null;
        }

        return await send(RequestSigning.Sign(payload, signer.Key));
    }

    /// <summary>
    /// A governance act numbered after the last one applied and signed by every one of <paramref name="keys"/>
    /// (<see cref="GovernanceActs.EnactAsync"/>); under --dry-run reads the last act's number, prints the act it would
    /// sign and returns null.
    /// </summary>
    public static async Task<GovernResponse?> GovernAsync(
        ParseResult parse, RegistryService.RegistryServiceClient registry, Func<ulong, GovernanceAct> build, IReadOnlyList<PartyKeyPair> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(keys);
        if (IsDryRun(parse))
        {
            var last = (await registry.GetGovernanceAsync(new GetGovernanceRequest(), cancellationToken: cancellationToken)).LastSequence;
            Preview(parse, "RegistryService/Govern", build(last + 1), [.. keys.Select(k => $"governance key {k.KeyId}")]);
            return null;
        }

        return await GovernanceActs.EnactAsync(registry, build, keys, cancellationToken);
    }

    /// <summary>
    /// For a request signed elsewhere (several governance keys; a device enrolment whose evidence answers a challenge):
    /// under --dry-run prints <paramref name="payload"/> as <paramref name="signers"/> would sign it and returns true
    /// (the caller then sends nothing); otherwise prints nothing and returns false.
    /// </summary>
    public static bool Preview(ParseResult parse, string rpc, IMessage payload, IReadOnlyList<string> signers, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(signers);
        if (!IsDryRun(parse))
        {
            return false;
        }

        var console = CliConsole.Of(parse);
        console.Out.WriteLine("dry run: nothing was sent");
        console.Out.WriteLine($"rpc: accord.v1.{rpc}");
        console.Out.WriteLine($"signed by: {Printable.Text(string.Join(", ", signers))}");
        console.Out.WriteLine($"payload ({payload.Descriptor.FullName}):");
        console.Out.WriteLine(Formatter.Format(payload));
        if (note is not null)
        {
            console.Out.WriteLine($"note: {note}");
        }

        return true;
    }

    /// <summary>"lab-a (key 3f2a...)": the party a key file signs as, and its key id.</summary>
    public static string Signer(KeyFileContents key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"{key.PartyId} (key {key.Key.KeyId})";
    }
}

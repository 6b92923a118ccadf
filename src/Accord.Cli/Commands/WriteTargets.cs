using System.CommandLine;
using Accord.Client;
using Accord.Protos.V1;

namespace Accord.Cli.Commands;

/// <summary>
/// `accord bench load` and `accord simulate --server` write parties, devices and thousands of reports into the server
/// they are given, for good (the log is append-only). They write only into an empty server, one whose transparency log
/// holds no entry (every write Accord accepts is logged first, so a log of size 0 has had nothing written: a fresh
/// `accord serve`), unless `--yes-write-to` names that very server (docs/benchmarks.md, "Where the load goes").
/// </summary>
public static class WriteTargets
{
    /// <summary>The option's name.</summary>
    public const string YesWriteToName = "--yes-write-to";

    /// <summary>--yes-write-to URL[,URL...]: write into these servers even though they are not empty.</summary>
    public static Option<string?> YesWriteTo() => new(YesWriteToName)
    {
        Description = "Write into this server even though it is not empty (its log holds entries): the same URL, or for several servers the same list, as the servers written to",
    };

    /// <summary>
    /// Returns when every one of <paramref name="servers"/> may be written into: --yes-write-to names exactly them, or
    /// each one's log is empty; otherwise exits 2 with one line saying what to add.
    /// <paramref name="what"/> names the command ("bench load").
    /// </summary>
    public static async Task RequireAsync(
        ParseResult parse, Option<string?> yesWriteTo, IReadOnlyList<Uri> servers, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(servers);
        var list = string.Join(",", servers);
        if (parse.GetValue(yesWriteTo) is { } named)
        {
            var given = CommonOptions.List(named).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null).ToList();
            if (given.Count == 0 || given.Contains(null) || !given.ToHashSet().SetEquals(servers))
            {
                throw new CliFailure($"{YesWriteToName}: '{named}' is not the server {what} writes to; give {YesWriteToName} {list}");
            }

            return;
        }

        foreach (var server in servers)
        {
            using var channel = FailoverCallInvoker.Open([server], CommonOptions.CaCertificate(parse));
            var size = (await new TransparencyLogService.TransparencyLogServiceClient(channel)
                .GetCheckpointAsync(new GetCheckpointRequest(), cancellationToken: cancellationToken)).TreeSize;
            if (size > 0)
            {
                throw new CliFailure(
                    $"{server} is not empty (its log holds {size:N0} entries) and {what} would write parties, devices and reports into it for good; point it at a fresh server, or add {YesWriteToName} {list}");
            }
        }
    }
}

using System.CommandLine;
using Accord.Cli.Output;
using Accord.Core.Keys;
using Grpc.Core;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>Runs a command's action and turns failures into one line on stderr and an exit code.</summary>
public static class CommandRunner
{
    public static void SetHandler(this Command command, Func<ParseResult, CancellationToken, Task> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await action(parse, cancellationToken);
                return ExitCodes.Ok;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded || TlsFailure(e) is not null)
            {
                return Fail(parse, ExitCodes.Unreachable, Unreachable(e, Servers(parse)));
            }
            catch (RpcException e)
            {
                return Fail(parse, ExitCodes.Refused, Describe(e));
            }
            catch (RefusedFailure e)
            {
                return Fail(parse, ExitCodes.Refused, e.Message);
            }
            catch (VerificationFailure e)
            {
                return Fail(parse, ExitCodes.NotVerified, e.Message);
            }
            catch (Exception e) when (e is CliFailure or Bench.BenchInputException or KeyFileException or IOException or FormatException or UnauthorizedAccessException or Core.Attestation.AttestationException
                or System.ComponentModel.DataAnnotations.ValidationException)
            {
                return Fail(parse, ExitCodes.BadInput, e.Message);
            }
            catch (OperationCanceledException)
            {
                return Fail(parse, ExitCodes.Internal, "cancelled");
            }
            catch (Exception e)
            {
                return Fail(parse, ExitCodes.Internal, $"unexpected {e.GetType().Name}: {e.Message}");
            }
        });

    /// <summary>"PERMISSION_DENIED (NOT_OWNER): party 'lab-b' cannot withdraw ..."</summary>
    public static string Describe(RpcException e) => Accord.Client.ServerRefusal.Of(e).ToString();

    /// <summary>"cannot reach the server at URL: ...", naming a TLS failure as such (on one line).</summary>
    public static string Unreachable(RpcException e, string? servers = null)
    {
        var at = string.IsNullOrEmpty(servers) ? "the server" : $"the server at {servers}";
        return TlsFailure(e) is { } tls
            ? $"cannot reach {at}: TLS handshake failed ({OneLine(tls.Message)}); if it uses a private CA or a self-signed certificate, pass --ca-cert FILE (or set ACCORD_CA_CERT)"
            : $"cannot reach {at}: {OneLine(e.Status.Detail)}";
    }

    /// <summary>
    /// The servers the command talked to (its --server, else $ACCORD_SERVER or the default), comma-separated; null for a
    /// command without --server (`bench load --servers` names the one that failed itself).
    /// </summary>
    private static string? Servers(ParseResult parse)
    {
        var option = parse.CommandResult.Command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--server");
        if (option is null)
        {
            return null;
        }

        try
        {
            return string.Join(", ", Client.RegistryConnection.Resolve(parse.GetValue(option)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The TLS failure behind a call that never reached the server (the client reports it as INTERNAL or UNAVAILABLE).</summary>
    private static System.Security.Authentication.AuthenticationException? TlsFailure(RpcException e)
    {
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException tls)
            {
                return tls;
            }
        }

        return null;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static int Fail(ParseResult parse, int code, string message)
    {
        CliConsole.Of(parse).Error.WriteLine($"error: {Printable.Text(message)}");
        return code;
    }
}

using System.CommandLine;
using Accord.Core.Keys;
using Google.Rpc;
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
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                return Fail(ExitCodes.Unreachable, $"cannot reach the server: {e.Status.Detail}");
            }
            catch (RpcException e)
            {
                return Fail(ExitCodes.Refused, Describe(e));
            }
            catch (VerificationFailure e)
            {
                return Fail(ExitCodes.NotVerified, e.Message);
            }
            catch (Exception e) when (e is CliFailure or KeyFileException or IOException or FormatException or UnauthorizedAccessException or Core.Attestation.AttestationException)
            {
                return Fail(ExitCodes.BadInput, e.Message);
            }
            catch (OperationCanceledException)
            {
                return Fail(ExitCodes.Internal, "cancelled");
            }
            catch (Exception e)
            {
                return Fail(ExitCodes.Internal, $"unexpected {e.GetType().Name}: {e.Message}");
            }
        });

    /// <summary>"PERMISSION_DENIED (NOT_OWNER): party 'lab-b' cannot withdraw ..."</summary>
    public static string Describe(RpcException e)
    {
        var reason = e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;
        var code = System.Text.RegularExpressions.Regex.Replace(e.StatusCode.ToString(), "(?<=[a-z])([A-Z])", "_$1").ToUpperInvariant();
        return reason is null ? $"{code}: {e.Status.Detail}" : $"{code} ({reason}): {e.Status.Detail}";
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}

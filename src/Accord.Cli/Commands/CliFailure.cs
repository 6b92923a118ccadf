namespace Accord.Cli.Commands;

/// <summary>A problem with the user's input found before anything was sent; exits with code 2.</summary>
public sealed class CliFailure(string message) : Exception(message);

/// <summary>The server refused something no retry cures, already put in words (the gRPC status and reason); exits with code 1.</summary>
public sealed class RefusedFailure(string message) : Exception(message);

/// <summary>Something that should verify did not; exits with code 4.</summary>
public sealed class VerificationFailure(string message) : Exception(message);

/// <summary>The CLI's exit codes (see docs/api.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>The server refused the request (the gRPC status and reason are printed).</summary>
    public const int Refused = 1;
    /// <summary>Bad usage or local input (missing file, unparsable value).</summary>
    public const int BadInput = 2;
    /// <summary>The server could not be reached.</summary>
    public const int Unreachable = 3;
    /// <summary>A proof, signature or audit did not verify (the reason is printed).</summary>
    public const int NotVerified = 4;
    /// <summary>An unexpected failure inside the CLI (a bug: please report the message).</summary>
    public const int Internal = 70;
}

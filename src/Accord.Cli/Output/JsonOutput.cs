using Google.Protobuf;

namespace Accord.Cli.Output;

/// <summary>
/// `--json` on the read commands (docs/api.md, "CLI"): one JSON object per command, the proto3 JSON mapping of the
/// response message the command read (field names in lowerCamelCase, every field present, enums by name, 64-bit
/// integers as strings, bytes as base64), so that its shape is the contract's and stays as stable as the protos.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>Writes <paramref name="message"/> as one line of JSON.</summary>
    public static void Write(CliConsole console, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Out.WriteLine(Formatter.Format(message));
    }
}

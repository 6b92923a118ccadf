using System.CommandLine;
using Accord.Cli.Output;
using Accord.Core.Keys;

namespace Accord.Cli.Commands;

/// <summary>`accord keygen`: makes an Ed25519 party key and writes it to a key file (mode 0600).</summary>
public static class KeygenCommand
{
    public static Command Build()
    {
        var party = new Option<string>("--party") { Description = "The party id the key is for (e.g. lab-a)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the key file", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing key file" };
        var command = new Command("keygen", "Generate an Ed25519 party key file") { party, output, force };
        command.SetHandler((parse, _) =>
        {
            var console = CliConsole.Of(parse);
            var partyId = CommonOptions.PartyId(parse.GetRequiredValue(party), "--party");
            using var key = PartyKeyPair.Generate();
            var path = parse.GetRequiredValue(output).FullName;
            KeyFile.Write(path, partyId, key, parse.GetValue(force));
            console.Out.WriteLine($"wrote {path}");
            console.Out.WriteLine($"party:      {parse.GetRequiredValue(party)}");
            console.Out.WriteLine($"key id:     {key.KeyId}");
            console.Out.WriteLine($"public key: {Convert.ToBase64String(key.PublicKey.ToBytes())}");
            return Task.CompletedTask;
        });
        return command;
    }
}

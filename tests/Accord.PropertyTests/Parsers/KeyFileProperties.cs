using Accord.Core.Keys;
using Accord.PropertyTests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>Party key files (docs/formats.md, "Key files") read back after mutation.</summary>
public sealed class KeyFileProperties(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("accord-keyfiles-").FullName;

    [Fact]
    public void Read_MutatedFile_OnlyKeyFileExceptionAndConsistentKeys()
    {
        using var key = PartyKeyPair.Generate();
        var valid = Path.Combine(directory, "valid.key");
        KeyFile.Write(valid, "lab-a", key);
        var bytes = File.ReadAllBytes(valid);
        var files = Gen.Frequency(
            (2, Mutate.Bytes(bytes)),
            (1, Mutate.Json(System.Text.Encoding.UTF8.GetString(bytes)).Select(t => System.Text.Encoding.UTF8.GetBytes(t))));
        Property.Run(output, "key files, mutated", files, mutated =>
        {
            var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, mutated);
            var (read, contents) = Expect.Of<KeyFileContents, KeyFileException>(() => KeyFile.Read(path));
            if (read)
            {
                Assert.True(KeyFile.IsValidPartyId(contents!.PartyId));
                Assert.Equal(key.KeyId, contents.Key.KeyId);
                contents.Key.Dispose();
            }

            File.Delete(path);
        }, CaseBudget.KeyFiles);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

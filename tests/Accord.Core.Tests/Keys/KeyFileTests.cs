using System.Text;
using Accord.Core.Keys;

namespace Accord.Core.Tests.Keys;

public sealed class KeyFileTests : IDisposable
{
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    // The exact file for RFC 8032 TEST 1's key and party "lab-a", as shown in docs/formats.md.
    private const string Rfc8032Test1File =
        "{\"format\":\"accord-ed25519-key/v1\",\"party_id\":\"lab-a\","
        + "\"key_id\":\"21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9\","
        + "\"public_key\":\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\","
        + "\"private_key\":\"nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\"}\n";

    private const string Rfc8032Test1SeedBase64 = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("accord-keyfile-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Write_Rfc8032Test1Key_WritesExactDocumentedBytes()
    {
        // Arrange
        var path = PathOf("lab-a.key");
        using var key = PartyKeyPair.FromSeed(Convert.FromHexString(Rfc8032Test1Seed));

        // Act
        KeyFile.Write(path, "lab-a", key);

        // Assert
        Assert.Equal(Encoding.UTF8.GetBytes(Rfc8032Test1File), File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("lab-a")]
    [InlineData("lab_a.eu-west-1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64
    public void Write_AnyValidPartyId_WritesOneLineOf246PlusIdLengthBytes(string partyId)
    {
        // Arrange
        var path = PathOf("party.key");
        using var key = PartyKeyPair.Generate();

        // Act
        KeyFile.Write(path, partyId, key);
        var bytes = File.ReadAllBytes(path);

        // Assert
        Assert.Equal(246 + partyId.Length, bytes.Length);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.DoesNotContain((byte)'\n', bytes[..^1]);
        Assert.DoesNotContain((byte)' ', bytes);
        var contents = KeyFile.Read(path);
        using var read = contents.Key;
        Assert.Equal(partyId, contents.PartyId);
    }

    [Fact]
    public void Read_WrittenFile_RoundTripsPartyAndKey()
    {
        // Arrange
        var path = PathOf("lab-a.key");
        using var key = PartyKeyPair.Generate();
        KeyFile.Write(path, "lab-a", key);

        // Act
        var contents = KeyFile.Read(path);
        using var read = contents.Key;

        // Assert
        Assert.Equal("lab-a", contents.PartyId);
        Assert.Equal(key.PublicKey, read.PublicKey);
        Assert.Equal(key.KeyId, read.KeyId);
        Assert.Equal(key.Sign([1, 2, 3]), read.Sign([1, 2, 3]));
    }

    [Fact]
    public void Write_OnUnix_FileModeIs0600AndNoTempFileLeft()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Arrange
        var path = PathOf("lab-a.key");
        using var key = PartyKeyPair.Generate();

        // Act
        KeyFile.Write(path, "lab-a", key);

        // Assert
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(["lab-a.key"], directory.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void Write_OverExistingFileWithLooseMode_ResultIs0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Arrange
        var path = PathOf("lab-a.key");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        using var key = PartyKeyPair.Generate();

        // Act
        KeyFile.Write(path, "lab-a", key, overwrite: true);

        // Assert
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Write_ExistingFile_RefusesWithIOExceptionAndKeepsOldFile()
    {
        // Arrange
        var path = PathOf("lab-a.key");
        using var first = PartyKeyPair.Generate();
        using var second = PartyKeyPair.Generate();
        KeyFile.Write(path, "lab-a", first);
        var before = File.ReadAllBytes(path);

        // Act
        var act = () => KeyFile.Write(path, "lab-a", second);

        // Assert
        Assert.Throws<IOException>(act);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(directory.GetFiles());
    }

    [Fact]
    public void Write_ExistingFileWithOverwrite_ReplacesKey()
    {
        // Arrange
        var path = PathOf("lab-a.key");
        using var first = PartyKeyPair.Generate();
        using var second = PartyKeyPair.Generate();
        KeyFile.Write(path, "lab-a", first);

        // Act
        KeyFile.Write(path, "lab-b", second, overwrite: true);
        var contents = KeyFile.Read(path);
        using var read = contents.Key;

        // Assert
        Assert.Equal("lab-b", contents.PartyId);
        Assert.Equal(second.KeyId, read.KeyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lab a")]
    [InlineData("Lab-A")]
    [InlineData("-lab")]
    [InlineData("lab\"a")]
    [InlineData("lab/a")]
    [InlineData("läb")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65
    public void Write_InvalidPartyId_ThrowsArgumentExceptionAndWritesNothing(string partyId)
    {
        // Arrange
        var path = PathOf("bad.key");
        using var key = PartyKeyPair.Generate();

        // Act
        var act = () => KeyFile.Write(path, partyId, key);

        // Assert
        Assert.Throws<ArgumentException>(act);
        Assert.Empty(directory.GetFiles());
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Read_TamperedFile_ThrowsKeyFileExceptionNamingFileNotKey(string tampered, string expectedProblem)
    {
        // Arrange
        var path = PathOf("tampered.key");
        File.WriteAllText(path, tampered);

        // Act
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        // Assert
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FilePath);
        AssertNoKeyMaterial(e.ToString());
    }

    public static TheoryData<string, string> Tamperings()
    {
        const string otherPublicKey = "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw="; // RFC 8032 TEST 2
        const string otherKeyId = "\"key_id\":\"" + "0000000000000000000000000000000000000000000000000000000000000000" + "\"";
        var keyIdMember = "\"key_id\":\"21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9\"";
        var otherKeyIdMatchingOtherPublicKey = "\"key_id\":\""
            + KeyIds.Of(Convert.FromBase64String(otherPublicKey)) + "\"";
        var good = Rfc8032Test1File;
        return new TheoryData<string, string>
        {
            { good.Replace(keyIdMember, otherKeyId, StringComparison.Ordinal), "key_id is not the SHA-256 of public_key" },
            { good.Replace(keyIdMember, keyIdMember.ToUpperInvariant().Replace("KEY_ID", "key_id", StringComparison.Ordinal), StringComparison.Ordinal), "key_id is not 64 lowercase hex digits" },
            { good.Replace("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", otherPublicKey, StringComparison.Ordinal), "key_id is not the SHA-256 of public_key" },
            {
                good.Replace("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", otherPublicKey, StringComparison.Ordinal)
                    .Replace(keyIdMember, otherKeyIdMatchingOtherPublicKey, StringComparison.Ordinal),
                "public_key is not the public key of private_key"
            },
            { good.Replace("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=", "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2B=", StringComparison.Ordinal), "private_key is not the base64 of 32 bytes" },
            { good.Replace("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=", "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2E=", StringComparison.Ordinal), "public_key is not the public key of private_key" },
            { good.Replace("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=", "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyu", StringComparison.Ordinal), "private_key is not the base64 of 32 bytes" },
            { good.Replace("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcH", StringComparison.Ordinal), "public_key is not the base64 of 32 bytes" },
            { good.Replace("accord-ed25519-key/v1", "accord-ed25519-key/v2", StringComparison.Ordinal), "format is not" },
            { good.Replace("\"lab-a\"", "\"lab a\"", StringComparison.Ordinal), "party_id is not" },
            { good.Replace("\"lab-a\"", "7", StringComparison.Ordinal), "member \"party_id\" is not a string" },
            { good.Replace(",\"party_id\":\"lab-a\"", string.Empty, StringComparison.Ordinal), "member \"party_id\" is missing" },
            { good.Replace("\"party_id\":\"lab-a\"", "\"party_id\":\"lab-a\",\"party_id\":\"lab-b\"", StringComparison.Ordinal), "appears more than once" },
            { good.Replace("{", "{\"comment\":\"x\",", StringComparison.Ordinal), "tampered.key:1: unknown field 'comment'" },
            { good[..(good.Length / 2)], "is not valid UTF-8 JSON" },
            { good[..^3], "is not valid UTF-8 JSON" },
            { good + "{}", "is not valid UTF-8 JSON" },
            { "[]", "is not a JSON object" },
            { string.Empty, "is not valid UTF-8 JSON" },
            { "\u0001\u00ffgarbage\u0000 nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=", "is not valid UTF-8 JSON" },
        };
    }

    [Fact]
    public void Read_InvalidUtf8InsideAString_ThrowsKeyFileException()
    {
        // Arrange: JsonDocument accepts the byte 0x80 inside a string and throws InvalidOperationException only when it is read.
        var path = PathOf("not-utf8.key");
        var bytes = System.Text.Encoding.UTF8.GetBytes(Rfc8032Test1File.Replace("lab-a", "lab\u0001", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)1)] = 0x80;
        File.WriteAllBytes(path, bytes);

        // Act
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        // Assert
        Assert.Contains("is not valid UTF-8 JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RandomBytes_ThrowsKeyFileException()
    {
        // Arrange
        var path = PathOf("garbage.key");
        File.WriteAllBytes(path, new Random(8032).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 300));

        // Act
        var act = () => KeyFile.Read(path);

        // Assert
        var e = Assert.Throws<KeyFileException>(act);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OversizedFile_ThrowsKeyFileException()
    {
        // Arrange
        var path = PathOf("huge.key");
        File.WriteAllText(path, Rfc8032Test1File + new string(' ', KeyFile.MaxFileBytes));

        // Act
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        // Assert
        Assert.Contains("more than a key file's", e.Message, StringComparison.Ordinal);
        AssertNoKeyMaterial(e.ToString());
    }

    [Fact]
    public void Read_MissingFile_ThrowsKeyFileExceptionNamingFile()
    {
        // Arrange
        var path = PathOf("absent.key");

        // Act
        var e = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));

        // Assert
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
    }

    [Fact]
    public void Read_ReformattedJsonWithSameMembers_Accepted()
    {
        // Arrange: the reader takes any JSON whitespace and member order; the writer's bytes are fixed.
        var path = PathOf("pretty.key");
        var pretty = "{\n  \"private_key\": \"nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\",\n  \"public_key\": \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\",\n"
            + "  \"key_id\": \"21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9\",\n  \"party_id\": \"lab-a\",\n  \"format\": \"accord-ed25519-key/v1\"\n}\n";
        File.WriteAllText(path, pretty);

        // Act
        var contents = KeyFile.Read(path);
        using var key = contents.Key;

        // Assert
        Assert.Equal("21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9", key.KeyId);
    }

    [Fact]
    public void ContentsToString_ReadKey_ShowsNoSeed()
    {
        // Arrange
        var path = PathOf("lab-a.key");
        File.WriteAllText(path, Rfc8032Test1File);
        var contents = KeyFile.Read(path);
        using var key = contents.Key;

        // Act
        var text = contents.ToString() + key.ToString();

        // Assert
        Assert.Contains("lab-a", text, StringComparison.Ordinal);
        Assert.Contains(key.KeyId, text, StringComparison.Ordinal);
        AssertNoKeyMaterial(text);
    }

    private static void AssertNoKeyMaterial(string text)
    {
        Assert.DoesNotContain(Rfc8032Test1SeedBase64, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Rfc8032Test1SeedBase64[..12], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Rfc8032Test1Seed, text, StringComparison.OrdinalIgnoreCase);
    }

    private string PathOf(string name) => Path.Combine(directory.FullName, name);
}

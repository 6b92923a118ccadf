// Key file format "accord-ed25519-key/v1", byte layout in docs/formats.md ("Key file"):
// one line of JSON (RFC 8259) in UTF-8 (RFC 3629), base64 with padding (RFC 4648 section 4),
// Ed25519 keys per RFC 8032 section 5.1 (private key = 32-byte seed), key id = hex SHA-256.
// Never put key bytes into an exception message or a log line.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accord.Core.Common;

namespace Accord.Core.Keys;

/// <summary>What a key file holds.</summary>
public sealed record KeyFileContents(string PartyId, PartyKeyPair Key);

/// <summary>Reads and writes party key files (mode 0600 on Unix, written atomically).</summary>
public static class KeyFile
{
    /// <summary>The format tag written in the "format" member.</summary>
    public const string FormatTag = "accord-ed25519-key/v1";

    /// <summary>Longest party id a key file holds.</summary>
    public const int MaxPartyIdLength = 64;

    /// <summary>A key file larger than this is refused without parsing.</summary>
    public const int MaxFileBytes = 4096;

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string[] MemberNames = ["format", "party_id", "key_id", "public_key", "private_key"];

    /// <summary>What a party id is, in words (the registry's rule, <see cref="Registry.Identifiers.IsValidSlug"/>).</summary>
    public const string PartyIdRule = "1 to 64 of [a-z0-9._-], starting with a letter or digit";

    /// <summary>
    /// True when <paramref name="partyId"/> is a party id the registry takes (<see cref="PartyIdRule"/>): one rule for
    /// key files and the registry. These characters never need escaping in JSON, so the file's bytes are exactly those
    /// in docs/formats.md.
    /// </summary>
    public static bool IsValidPartyId(string? partyId) => Registry.Identifiers.IsValidSlug(partyId);

    /// <summary>
    /// Writes the key file: to a temporary file in the same directory (mode 0600 on Unix),
    /// flushed to disk, then moved into place.
    /// </summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="ArgumentException">The party id is not valid.</exception>
    public static void Write(string path, string partyId, PartyKeyPair key, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidPartyId(partyId))
        {
            throw new ArgumentException($"'{partyId}' is not a party id: {PartyIdRule}.", nameof(partyId));
        }

        var fullPath = Path.GetFullPath(path);
        if (!overwrite && File.Exists(fullPath))
        {
            throw new IOException($"Key file '{fullPath}' already exists; refusing to overwrite it.");
        }

        var directory = Path.GetDirectoryName(fullPath) ?? throw new IOException($"Key file '{fullPath}' has no directory.");
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var bytes = Encode(partyId, key);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerReadWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The create mode is masked by the umask; make sure it is exactly 0600.
                    File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
                }

                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads and fully validates a key file.</summary>
    /// <exception cref="KeyFileException">The file cannot be read or is not valid.</exception>
    public static KeyFileContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                throw new KeyFileException(path, $"is {stream.Length} bytes, more than a key file's {MaxFileBytes}.");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be read: {e.Message}", e);
        }

        try
        {
            return Decode(path, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The exact bytes of a key file: one line of JSON and a line feed.</summary>
    internal static byte[] Encode(string partyId, PartyKeyPair key)
    {
        var seed = key.ExportSeed();
        var json = new StringBuilder(256);
        try
        {
            json.Append("{\"format\":\"").Append(FormatTag)
                .Append("\",\"party_id\":\"").Append(partyId)
                .Append("\",\"key_id\":\"").Append(key.KeyId)
                .Append("\",\"public_key\":\"").Append(Convert.ToBase64String(key.PublicKey.ToBytes()))
                .Append("\",\"private_key\":\"").Append(Convert.ToBase64String(seed))
                .Append("\"}\n");
            return Encoding.UTF8.GetBytes(json.ToString());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static KeyFileContents Decode(string path, byte[] bytes)
    {
        var values = ParseMembers(path, bytes);

        if (values["format"] != FormatTag)
        {
            throw new KeyFileException(path, $"format is not \"{FormatTag}\".");
        }

        var partyId = values["party_id"];
        if (!IsValidPartyId(partyId))
        {
            throw new KeyFileException(path, $"party_id is not a party id ({PartyIdRule}).");
        }

        var keyId = values["key_id"];
        if (!KeyIds.IsWellFormed(keyId))
        {
            throw new KeyFileException(path, "key_id is not 64 lowercase hex digits.");
        }

        var publicKey = DecodeBase64(path, "public_key", values["public_key"], PartyPublicKey.Size);
        if (KeyIds.Of(publicKey) != keyId)
        {
            throw new KeyFileException(path, "key_id is not the SHA-256 of public_key.");
        }

        var seed = DecodeBase64(path, "private_key", values["private_key"], PartyKeyPair.SeedSize);
        PartyKeyPair key;
        try
        {
            key = PartyKeyPair.FromSeed(seed);
        }
        catch (FormatException)
        {
            throw new KeyFileException(path, "private_key is not a valid Ed25519 private key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }

        if (!CryptographicOperations.FixedTimeEquals(key.PublicKey.ToBytes(), publicKey))
        {
            key.Dispose();
            throw new KeyFileException(path, "public_key is not the public key of private_key.");
        }

        return new KeyFileContents(partyId, key);
    }

    private static Dictionary<string, string> ParseMembers(string path, byte[] bytes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KeyFileException(path, "is not a JSON object.");
            }

            try
            {
                StrictJson.RequireKnownMembers(document.RootElement, "$", MemberNames);
            }
            catch (UnknownJsonFieldException e)
            {
                throw new KeyFileException(path, e.AtLineIn(bytes).InFile(path));
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {

                if (member.Value.ValueKind != JsonValueKind.String)
                {
                    throw new KeyFileException(path, $"member \"{member.Name}\" is not a string.");
                }

                if (!values.TryAdd(member.Name, member.Value.GetString()!))
                {
                    throw new KeyFileException(path, $"member \"{member.Name}\" appears more than once.");
                }
            }
        }
        catch (JsonException e)
        {
            // The parser's message can quote a character of the file; report only where it failed.
            throw new KeyFileException(
                path, $"is not valid UTF-8 JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        catch (InvalidOperationException)
        {
            // JsonDocument.Parse leaves the UTF-8 inside names and strings unchecked until they are read.
            throw new KeyFileException(path, "is not valid UTF-8 JSON (a name or string is not UTF-8).");
        }

        foreach (var name in MemberNames)
        {
            if (!values.ContainsKey(name))
            {
                throw new KeyFileException(path, $"member \"{name}\" is missing.");
            }
        }

        return values;
    }

    private static byte[] DecodeBase64(string path, string member, string text, int size)
    {
        var buffer = new byte[size];
        // Canonical base64 only: the padded encoding of exactly `size` bytes, nothing else.
        if (text.Length != ((size + 2) / 3) * 4
            || !Convert.TryFromBase64String(text, buffer, out var written)
            || written != size
            || Convert.ToBase64String(buffer) != text)
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new KeyFileException(path, $"{member} is not the base64 of {size} bytes.");
        }

        return buffer;
    }
}

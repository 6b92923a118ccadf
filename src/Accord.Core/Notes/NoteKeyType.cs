// C2SP signed-note (c2sp.org/signed-note, "Signature types"): the signature type identifier
// byte of a key, hashed into its key id and carried first in a verifier key's key data.
namespace Accord.Core.Notes;

/// <summary>The signature types Accord supports (a subset of the signed-note registry).</summary>
public enum NoteKeyType : byte
{
    /// <summary>0x01: Ed25519 (RFC 8032) over the note text, c2sp.org/signed-note.</summary>
    Ed25519 = 0x01,

    /// <summary>
    /// 0x04: timestamped Ed25519 witness cosignatures, c2sp.org/tlog-cosignature
    /// ("cosignature/v1"). Only valid on checkpoint notes; see <see cref="Cosignatures"/>.
    /// </summary>
    CosignatureV1 = 0x04,
}

using Accord.Core.Notes;

namespace Accord.Transparency;

/// <summary>The log's signing key (as a C2SP note signer named by the origin) and the witnesses it trusts.</summary>
public sealed class LogIdentity(NoteSigner signer, IReadOnlyList<NoteVerifier> witnesses)
{
    public NoteSigner Signer { get; } = signer;

    public string Origin => Signer.Name;

    public NoteVerifier Verifier { get; } = NoteVerifier.Parse(signer.VerifierKey);

    public IReadOnlyList<NoteVerifier> Witnesses { get; } = witnesses;
}

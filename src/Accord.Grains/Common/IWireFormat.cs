using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Grains.Common;

/// <summary>
/// The wire format of Accord's signed objects (protos/accord/v1), as far as the grains need it: the bytes the
/// transparency log stores for an accepted envelope, and what a few signed payloads say. The grains depend on
/// this port and never name a wire type; the host supplies the one implementation (in Accord.Server, over
/// Accord.Protos' mappers) through the silo's services.
/// </summary>
public interface IWireFormat
{
    /// <summary>The log entry of an accepted signed object: its envelope encoded on the wire, payload bytes unchanged.</summary>
    byte[] LogEntry(StoredEnvelope accepted);

    /// <summary>The domain draft a stored commitment statement states, read back from its exact payload bytes.</summary>
    /// <exception cref="InvalidOperationException">The statement no longer validates (it did when it was accepted).</exception>
    CommitmentDraft ReadCommitment(StoredEnvelope statement);

    /// <summary>What a serialized reporting-key statement claims: the reader <see cref="ReportingKeyRules.Check"/> takes.</summary>
    /// <exception cref="FormatException">The bytes are not a reporting-key statement.</exception>
    ReportingKeyClaims ReadReportingKeyStatement(ReadOnlyMemory<byte> statement);

    /// <summary>The wire encoding of commitment terms, as a negotiated deal hands them to the party that signs them.</summary>
    byte[] EncodeTerms(CommitmentTerms terms);
}

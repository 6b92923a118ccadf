using Accord.Core.Commitments;
using Accord.Core.Monitoring;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Common;
using Accord.Protos.Mapping;
using Google.Protobuf;

namespace Accord.Server.Mapping;

/// <summary>
/// The grains' wire format (<see cref="IWireFormat"/>) in protos/accord/v1: each operation delegates to the
/// mappers of Accord.Protos or to <see cref="EnvelopeMapping"/>, so the grains and the server read and log the
/// same way. Registered once in the silo's services (<c>AddAccordSilo</c>).
/// </summary>
public sealed class ProtoWireFormat : IWireFormat
{
    /// <summary>The protobuf encoding of the stored object's <see cref="Protos.V1.Envelope"/>, payload bytes unchanged.</summary>
    public byte[] LogEntry(StoredEnvelope accepted) => EnvelopeMapping.ToProto(accepted).ToByteArray();

    public CommitmentDraft ReadCommitment(StoredEnvelope statement)
    {
        var mapped = CommitmentMapping.ToDraft(Protos.V1.CommitmentStatement.Parser.ParseFrom(statement.Payload));
        return mapped.Ok
            ? mapped.Value!
            : throw new InvalidOperationException($"stored commitment statement no longer validates: {mapped.Violations[0].Description}");
    }

    public ReportingKeyClaims ReadReportingKeyStatement(ReadOnlyMemory<byte> statement) => MonitoringMapping.ReadStatement(statement);

    public byte[] EncodeTerms(CommitmentTerms terms) => CommitmentMapping.ToProto(terms).ToByteArray();
}

using Accord.Core.Commitments;
using Accord.Protos.Mapping;
using Accord.Protos.V1;

namespace Accord.Grains.Commitments;

/// <summary>Reads the domain draft back out of a stored statement's exact payload bytes.</summary>
public static class CommitmentTermsReader
{
    public static CommitmentDraft Read(StoredEnvelope statement)
    {
        var mapped = CommitmentMapping.ToDraft(CommitmentStatement.Parser.ParseFrom(statement.Payload));
        return mapped.Ok
            ? mapped.Value!
            : throw new InvalidOperationException($"stored commitment statement no longer validates: {mapped.Violations[0].Description}");
    }
}

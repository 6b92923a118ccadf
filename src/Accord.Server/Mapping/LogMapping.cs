using Google.Protobuf;
using GrainLog = Accord.Grains.Abstractions.Log;

namespace Accord.Server.Mapping;

/// <summary>Log records to the wire.</summary>
public static class LogMapping
{
    public static Protos.V1.LogReceipt? ToProto(GrainLog.LogReceipt? receipt)
    {
        if (receipt is null)
        {
            return null;
        }

        var proto = new Protos.V1.LogReceipt { Index = receipt.Index, LeafHash = ByteString.CopyFrom(receipt.LeafHash), Checkpoint = receipt.Checkpoint };
        proto.InclusionProof.AddRange(receipt.InclusionProof.Select(ByteString.CopyFrom));
        return proto;
    }
}

using Accord.Grains.Abstractions.Log;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.Server.Grpc;

/// <summary>The transparency log over gRPC: every call goes to the one log grain.</summary>
public sealed class TransparencyLogGrpcService(IGrainFactory grains) : TransparencyLogService.TransparencyLogServiceBase
{
    private ILogGrain Log => grains.GetGrain<ILogGrain>(ILogGrain.Key);

    public override async Task<GetLogInfoResponse> GetLogInfo(GetLogInfoRequest request, ServerCallContext context)
    {
        var info = await Log.GetInfo();
        return new GetLogInfoResponse { Origin = info.Origin, VerifierKey = info.VerifierKey, WitnessKeys = { info.WitnessKeys } };
    }

    public override async Task<GetCheckpointResponse> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        var checkpoint = await Log.GetCheckpoint();
        return new GetCheckpointResponse { Checkpoint = checkpoint.SignedNote, TreeSize = checkpoint.TreeSize, RootHash = ByteString.CopyFrom(checkpoint.RootHash) };
    }

    public override async Task<GetInclusionProofResponse> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context)
    {
        var byHash = request.LeafCase == GetInclusionProofRequest.LeafOneofCase.LeafHash;
        if (request.LeafCase == GetInclusionProofRequest.LeafOneofCase.None)
        {
            throw RpcErrors.Invalid("leaf", "give an index or a leaf hash");
        }

        var proof = (await Log.GetInclusionProof(request.Index, byHash ? request.LeafHash.ToByteArray() : null, request.TreeSize)).OrThrow();
        return new GetInclusionProofResponse
        {
            Index = proof.Index,
            LeafHash = ByteString.CopyFrom(proof.LeafHash),
            TreeSize = proof.TreeSize,
            Proof = { proof.Proof.Select(ByteString.CopyFrom) },
            Checkpoint = proof.Checkpoint ?? "",
        };
    }

    public override async Task<GetConsistencyProofResponse> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context)
    {
        var proof = (await Log.GetConsistencyProof(request.FirstSize, request.SecondSize)).OrThrow();
        return new GetConsistencyProofResponse
        {
            FirstSize = proof.FirstSize,
            SecondSize = proof.SecondSize,
            Proof = { proof.Proof.Select(ByteString.CopyFrom) },
            Checkpoint = proof.Checkpoint ?? "",
        };
    }

    public override async Task<GetEntriesResponse> GetEntries(GetEntriesRequest request, ServerCallContext context)
    {
        var entries = (await Log.GetEntries(request.Start, request.Count)).OrThrow();
        return new GetEntriesResponse
        {
            Entries =
            {
                entries.Select(e => new Protos.V1.LogEntry { Index = e.Index, Entry = ByteString.CopyFrom(e.Entry), LeafHash = ByteString.CopyFrom(e.LeafHash) }),
            },
        };
    }

    public override async Task<AddCosignatureResponse> AddCosignature(AddCosignatureRequest request, ServerCallContext context)
    {
        var cosigned = (await Log.AddCosignatures(request.CosignedCheckpoint, context.CancellationToken)).OrThrow();
        return new AddCosignatureResponse { Checkpoint = cosigned.Checkpoint, Added = cosigned.Added };
    }
}

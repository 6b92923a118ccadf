using Accord.Grains.Abstractions.Log;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.Server.Grpc;

/// <summary>The transparency log over gRPC: every call goes to the one log grain.</summary>
public sealed class TransparencyLogGrpcService(IGrainFactory grains, Security.SignedRequestReader requests) : TransparencyLogService.TransparencyLogServiceBase
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
        var may = await EntryReader(request.Reader, context.CancellationToken);
        var response = new GetEntriesResponse();
        foreach (var e in entries)
        {
            var visible = may(Envelope.Parser.ParseFrom(e.Entry));
            response.Entries.Add(new Protos.V1.LogEntry
            {
                Index = e.Index,
                Entry = visible ? ByteString.CopyFrom(e.Entry) : ByteString.Empty,
                LeafHash = ByteString.CopyFrom(e.LeafHash),
                Withheld = !visible,
            });
        }

        return response;
    }

    /// <summary>
    /// Which logged envelopes the reader may see the bytes of. Per-run detail is withheld: a monitoring report's bytes
    /// from all but its device's lab and inspectors, a training notice's (workload id, expected FLOP) from all but the
    /// notifying lab and inspectors; everything else is public. The reader proves who it is with a signed EntriesReader.
    /// </summary>
    private async Task<Func<Envelope, bool>> EntryReader(Envelope? reader, CancellationToken cancellationToken)
    {
        var party = await requests.ReaderAsync(reader, EntriesReader.Parser, r => r.Header, cancellationToken);
        var seesAll = party is not null && Core.Parties.Permissions.Allows(Core.Parties.PartyAction.ReadReportBytes, party, Core.Parties.PermissionSubject.Everyone);
        var devices = party is null || seesAll
            ? null
            : await grains.GetGrain<Grains.Abstractions.Devices.IDeviceDirectoryGrain>(Grains.Abstractions.Devices.IDeviceDirectoryGrain.Key).List();
        return envelope =>
        {
            if (envelope.PayloadType == MonitoringReport.Descriptor.FullName)
            {
                var deviceId = MonitoringReport.Parser.ParseFrom(envelope.Payload).DeviceId;
                return seesAll || (party is not null && devices!.TryGetValue(deviceId, out var owner)
                    && Core.Parties.Permissions.Allows(Core.Parties.PartyAction.ReadReportBytes, party, Core.Parties.PermissionSubject.Of(deviceId, owner)));
            }

            if (envelope.PayloadType == TrainingNotification.Descriptor.FullName)
            {
                var notifier = TrainingNotification.Parser.ParseFrom(envelope.Payload).Header?.PartyId ?? "";
                return party is not null && Core.Parties.Permissions.Allows(Core.Parties.PartyAction.ReadRunDetails, party, Core.Parties.PermissionSubject.Party(notifier));
            }

            return true;
        };
    }

    public override async Task<AddCosignatureResponse> AddCosignature(AddCosignatureRequest request, ServerCallContext context)
    {
        var cosigned = (await Log.AddCosignatures(request.CosignedCheckpoint, context.CancellationToken)).OrThrow();
        return new AddCosignatureResponse { Checkpoint = cosigned.Checkpoint, Added = cosigned.Added };
    }
}

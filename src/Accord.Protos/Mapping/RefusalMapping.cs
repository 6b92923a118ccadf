using Accord.Core.Common;
using Grpc.Core;

namespace Accord.Protos.Mapping;

/// <summary>The gRPC status of each <see cref="RefusalCode"/>.</summary>
public static class RefusalMapping
{
    /// <summary>The status a refusal of this kind is answered with; <see cref="StatusCode.Internal"/> for an undefined code.</summary>
    public static StatusCode ToStatusCode(RefusalCode code) => code switch
    {
        RefusalCode.InvalidArgument => StatusCode.InvalidArgument,
        RefusalCode.NotFound => StatusCode.NotFound,
        RefusalCode.AlreadyExists => StatusCode.AlreadyExists,
        RefusalCode.PermissionDenied => StatusCode.PermissionDenied,
        RefusalCode.FailedPrecondition => StatusCode.FailedPrecondition,
        RefusalCode.Unauthenticated => StatusCode.Unauthenticated,
        RefusalCode.OutOfRange => StatusCode.OutOfRange,
        RefusalCode.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.Internal,
    };
}

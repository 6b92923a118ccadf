using Accord.Core.Envelopes;
using Accord.Grains.Abstractions.Common;
using Accord.Protos.V1;

namespace Accord.Server.Security;

/// <summary>A parsed signed request: the payload, its header, and the envelope exactly as received.</summary>
public sealed record SignedRequest<T>(T Payload, RequestHeader Header, DateTimeOffset IssuedAt, SignedEnvelope Envelope, StoredEnvelope Stored)
{
    /// <summary>The party the request says is acting.</summary>
    public string PartyId => Header.PartyId;
}

// Reads and authenticates signed requests: DSSE-style envelopes (see docs/formats.md) whose payload
// begins with a RequestHeader. Signatures are checked over the bytes as received, then the
// party's grain checks the timestamp and consumes the nonce. Between the two, the party's request rate
// limit is taken, so that a refused request consumes no nonce and changes nothing; a stale or replayed
// envelope is refused before the limit is taken, so that copies of logged requests cost their party nothing.
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Registry;
using Accord.Core.Requests;
using Accord.Grains.Common;
using Accord.Grains.Abstractions.Common;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Telemetry;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Grpc;
using Accord.Server.Mapping;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Accord.Server.Security;

/// <summary>Parses envelopes into typed requests and authenticates the acting party.</summary>
public sealed class SignedRequestReader(IGrainFactory grains, RequestLimiter limiter, AccordMetrics metrics, IOptions<RequestFreshnessOptions> freshness, TimeProvider time)
{
    /// <summary>Parses the envelope and its payload; throws InvalidArgument/Unauthenticated on malformed input.</summary>
    public static SignedRequest<T> Parse<T>(Envelope? envelope, MessageParser<T> parser, Func<T, RequestHeader?> header)
        where T : IMessage<T>, new()
    {
        var (payload, core, stored) = ParsePayload(envelope, parser);
        var head = header(payload) ?? throw RpcErrors.Invalid("header", "the payload must carry a request header");
        RpcErrors.RequireSlug(head.PartyId, "header.party_id");

        if (head.IssuedAt is null)
        {
            throw RpcErrors.Invalid("header.issued_at", "a request timestamp is required");
        }

        if (!ProtoTime.TryRead(head.IssuedAt, out var issuedAt))
        {
            throw RpcErrors.Invalid("header.issued_at", "not a valid timestamp (normalized, 0001-01-01 to 9999-12-31)");
        }

        return new SignedRequest<T>(payload, head, issuedAt, core, stored);
    }

    /// <summary>
    /// Parses a signed envelope's payload, whatever signs it: the payload type must be <typeparamref name="T"/>'s, at
    /// least one signature present, the payload well formed. Returns the payload and the envelope as received.
    /// </summary>
    public static (T Payload, SignedEnvelope Envelope, StoredEnvelope Stored) ParsePayload<T>(Envelope? envelope, MessageParser<T> parser)
        where T : IMessage<T>, new()
    {
        if (envelope is null)
        {
            throw RpcErrors.Invalid("envelope", "a signed envelope is required");
        }

        var expectedType = new T().Descriptor.FullName;
        if (envelope.PayloadType != expectedType)
        {
            throw RpcErrors.Invalid("envelope.payload_type", $"must be '{expectedType}', not '{envelope.PayloadType}'", "WRONG_PAYLOAD_TYPE");
        }

        if (envelope.Signatures.Count == 0)
        {
            throw RpcErrors.Of(StatusCode.Unauthenticated, "UNSIGNED", "the envelope carries no signature");
        }

        try
        {
            return (parser.ParseFrom(envelope.Payload), EnvelopeMapping.ToCore(envelope), EnvelopeMapping.ToStored(envelope));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw RpcErrors.Invalid("envelope.payload", $"not a valid {expectedType}: {e.Message}", "MALFORMED_PAYLOAD");
        }
    }

    /// <summary>Requires a valid signature by one of the key's bytes; used where the key is in the request itself.</summary>
    public static void RequireSignature(SignedEnvelope envelope, PartyPublicKey key, string partyId)
    {
        switch (EnvelopeVerifier.Verify(envelope, key))
        {
            case EnvelopeCheck.Valid:
                return;
            case EnvelopeCheck.NoSignatureForKey:
                throw RpcErrors.Of(StatusCode.Unauthenticated, "UNKNOWN_KEY", $"the envelope carries no signature by a key of party '{partyId}'");
            default:
                throw RpcErrors.Of(StatusCode.Unauthenticated, "BAD_SIGNATURE", $"the signature by key {key.KeyId} does not verify");
        }
    }

    /// <summary>
    /// Who reads, for the reads that show more to some parties: null when <paramref name="reader"/> is absent (anyone),
    /// else the party a signed reader payload (EntriesReader, DevicesReader, SessionReader) proves, authenticated as
    /// every signed request is.
    /// </summary>
    public async Task<Accord.Core.Parties.ActingParty?> ReaderAsync<T>(Envelope? reader, MessageParser<T> parser, Func<T, RequestHeader?> header, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        if (reader is null)
        {
            return null;
        }

        return (await AuthenticateAsync(Parse(reader, parser, header), cancellationToken)).ToActingParty();
    }

    /// <summary>Checks the signature against the acting party's keys, its rate limit, then its freshness; returns the party.</summary>
    public async Task<PartyState> AuthenticateAsync<T>(SignedRequest<T> request, CancellationToken cancellationToken)
    {
        using var activity = AccordMetrics.ActivitySource.StartActivity("accord.authenticate");
        activity?.SetTag("accord.party", request.PartyId);
        activity?.SetTag("accord.payload_type", request.Envelope.PayloadType);
        var party = grains.GetGrain<IPartyGrain>(request.PartyId);
        try
        {
            var state = await party.Get()
                ?? throw RpcErrors.Of(StatusCode.Unauthenticated, "UNKNOWN_PARTY", $"party '{request.PartyId}' is not registered",
                    new FieldViolation("header.party_id", "not a registered party"));

            var keys = state.PublicKeys.Select(k => PartyPublicKey.FromBytes(k)).ToList();
            var signed = keys.FirstOrDefault(k => request.Envelope.Signatures.Any(s => s.KeyId == k.KeyId));
            if (signed is null)
            {
                throw RpcErrors.Of(StatusCode.Unauthenticated, "UNKNOWN_KEY", $"the envelope carries no signature by a key of party '{request.PartyId}'");
            }

            RequireSignature(request.Envelope, signed, request.PartyId);

            // A stale or replayed envelope (anyone can copy a logged one) is refused before it is charged to
            // the party it names, so that nobody spends another party's budget; the grain checks again, atomically.
            var now = time.GetUtcNow();
            var policy = new FreshnessPolicy(freshness.Value.MaxClockSkew);
            var verdict = RequestFreshness.Check(policy, request.IssuedAt, request.Header.Nonce, now, state.RecentNonces);
            if (Freshness.RejectionFor(verdict, request.IssuedAt, now, policy.MaxSkew) is { } early)
            {
                throw RpcErrors.From(early);
            }

            limiter.TakeRequest(request.PartyId);
            if (await party.AcceptRequest(request.IssuedAt, request.Header.Nonce, cancellationToken) is { } rejection)
            {
                throw RpcErrors.From(rejection);
            }

            return state;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.InvalidArgument)
        {
            var reason = e.Trailers.GetValueBytes("grpc-status-details-bin") is { } details
                ? Google.Rpc.Status.Parser.ParseFrom(details).Details.Select(d => d.TryUnpack<Google.Rpc.ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null)
                : null;
            metrics.VerificationFailed("request", reason ?? e.StatusCode.ToString());
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, reason);
            throw;
        }
    }
}

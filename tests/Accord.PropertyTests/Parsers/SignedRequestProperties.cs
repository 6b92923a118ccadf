using Accord.Client;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Core.Requests;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Security;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// Signed requests (docs/formats.md, "Signed envelope" and "Request freshness"): the server's
/// parser and the freshness rule.
/// </summary>
public sealed class SignedRequestProperties(ITestOutputHelper output)
{
    private static readonly PartyKeyPair Key = PartyKeyPair.Generate();

    private static readonly Kind[] Kinds =
    [
        Kind.Of<PartyRegistration>(h => new() { Header = h, DisplayName = "Lab", Roles = { PartyRole.Lab }, PublicKey = ByteString.CopyFrom(Key.PublicKey.ToBytes()) }, p => p.Header),
        Kind.Of<CommitmentStatement>(h => new() { Header = h, Title = "cap", Terms = new CommitmentTerms { PauseWindow = new PauseWindow { ScopeMinFlop = 1e26, DurationMonths = 6 } } }, p => p.Header),
        Kind.Of<MonitoringHello>(h => new() { Header = h, Agent = "agent" }, p => p.Header),
        Kind.Of<DeviceEnrolment>(h => new() { Header = h, Model = DeviceModel.H100Sxm, CertificateChain = { ByteString.CopyFrom(new byte[40]) } }, p => p.Header),
        Kind.Of<CommitmentWithdrawal>(h => new() { Header = h, CommitmentId = new string('a', 64), Reason = "done" }, p => p.Header),
    ];

    private static readonly Gen<Timestamp?> Timestamps = Gen.Frequency(
        (4, Gen.Select(Gen.Long, Gen.Int, (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })),
        (2, Gen.Select(Gen.Long[-62_135_596_801, 253_402_300_800], Gen.Int[-1, 1_000_000_000], (s, n) => (Timestamp?)new Timestamp { Seconds = s, Nanos = n })),
        (1, Gen.Const((Timestamp?)null)),
        (2, Gen.Const<Timestamp?>(Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow))));

    private static readonly Gen<RequestHeader?> Headers = Gen.Frequency(
        (6, Gen.Select(
            Gen.Frequency((3, Gen.Const("lab-1")), (1, Gen.String[0, 70]), (1, Gen.String[Gen.Char["abc-._XYZ0 /"], 0, 70])),
            Timestamps,
            Gen.Frequency((3, Gen.Const(RequestFreshness.NewNonce())), (1, Gen.String[0, 140])),
            (party, issued, nonce) => (RequestHeader?)new RequestHeader { PartyId = party, IssuedAt = issued, Nonce = nonce })),
        (1, Gen.Const((RequestHeader?)null)));

    private static readonly Gen<Envelope> Envelopes = Gen.Int[0, Kinds.Length - 1].SelectMany(k =>
    {
        var kind = Kinds[k];
        var valid = Sign(kind.Make(RequestSigning.Header("lab-1")));
        return Gen.Int[0, 5].SelectMany(how => how switch
        {
            0 => Headers.Select(h => Sign(kind.Make(h))),
            1 => Mutate.Bytes(valid.Payload.ToByteArray()).Select(p => With(valid, e => e.Payload = ByteString.CopyFrom(p))),
            2 => Gen.Frequency((3, Mutate.Text(valid.PayloadType)), (1, Gen.OneOf([.. Kinds.Select(x => Gen.Const(x.TypeName))])))
                .Select(t => With(valid, e => e.PayloadType = t)),
            3 => Gen.Const(With(valid, e => e.Signatures.Clear())),
            4 => Mutate.RandomBytes(200).Select(p => With(valid, e => e.Payload = ByteString.CopyFrom(p))),
            _ => Gen.Const(valid),
        });
    });

    [Fact]
    public void Parse_MutatedOrRandomRequest_ParsesOrRefusesWithReason()
    {
        Property.Run(output, "signed request parse", Gen.Select(Gen.Int[0, Kinds.Length - 1], Envelopes), tuple =>
        {
            var (k, envelope) = tuple;
            try
            {
                var header = Kinds[k].Parse(envelope);
                Assert.Equal(Kinds[k].TypeName, envelope.PayloadType);
                Assert.True(Core.Registry.Identifiers.IsValidSlug(header.PartyId));
            }
            catch (RpcException e)
            {
                RpcRefusal.Check(e, StatusCode.InvalidArgument, StatusCode.Unauthenticated);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().FullName}: {e}");
            }
        }, CaseBudget.SignedRequestParse);
    }

    [Fact]
    public void Check_AnyTimeAndNonce_MatchesTheRuleAndNeverThrows()
    {
        var times = Gen.Frequency(
            (3, Gen.Long[-600_000_000, 600_000_000].Select(offset => Now.AddTicks(offset * 10))),
            (1, Gen.Long[DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks].Select(t => new DateTimeOffset(t, TimeSpan.Zero))),
            (1, Gen.OneOf(Gen.Const(DateTimeOffset.MinValue), Gen.Const(DateTimeOffset.MaxValue))));
        var nonces = Gen.Frequency((3, Gen.String[Gen.Char["0123456789abcdef"], 16, 40]), (2, Gen.String[0, 140]), (1, Gen.Const((string)null!)));
        var skews = Gen.Frequency((3, Gen.Const(FreshnessPolicy.Default)), (1, Gen.Long[1, TimeSpan.MaxValue.Ticks].Select(t => new FreshnessPolicy(TimeSpan.FromTicks(t)))));
        Property.Run(output, "request freshness", Gen.Select(skews, times, times, nonces, Gen.Bool), tuple =>
        {
            var (policy, issued, now, nonce, seen) = tuple;
            var memory = new Dictionary<string, DateTimeOffset>();
            if (seen && nonce is not null)
            {
                memory[nonce] = issued;
            }

            var verdict = Expect.NeverThrows(() => RequestFreshness.Check(policy, issued, nonce!, now, memory));
            var expected = !RequestFreshness.IsWellFormedNonce(nonce) ? FreshnessVerdict.MalformedNonce
                : now - issued > policy.MaxSkew ? FreshnessVerdict.TooOld
                : issued - now > policy.MaxSkew ? FreshnessVerdict.TooNew
                : seen ? FreshnessVerdict.Replayed
                : FreshnessVerdict.Fresh;
            Assert.Equal(expected, verdict);
            var kept = Expect.NeverThrows(() => RequestFreshness.Prune(policy, memory, now));
            Assert.Equal(memory.Count == 1 && now - issued <= policy.MaxSkew ? 1 : 0, kept.Count);
        }, CaseBudget.Freshness);
    }

    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Envelope Sign(IMessage message) =>
        RequestSigning.ToProto(EnvelopeSigner.Sign(message.Descriptor.FullName, message.ToByteArray(), Key));

    private static Envelope With(Envelope valid, Action<Envelope> change)
    {
        var copy = valid.Clone();
        change(copy);
        return copy;
    }

    private sealed record Kind(string TypeName, Func<RequestHeader?, IMessage> Make, Func<Envelope, RequestHeader> Parse)
    {
        public static Kind Of<T>(Func<RequestHeader?, T> make, Func<T, RequestHeader?> header)
            where T : IMessage<T>, new() =>
            new(new T().Descriptor.FullName, h => make(h), e => SignedRequestReader.Parse(e, new MessageParser<T>(() => new T()), header).Header);
    }
}

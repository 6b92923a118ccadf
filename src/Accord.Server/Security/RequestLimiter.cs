using System.Threading.RateLimiting;
using Accord.Grains.Telemetry;
using Accord.Server.Grpc;
using Accord.Server.Hosting;
using Grpc.Core;

namespace Accord.Server.Security;

/// <summary>
/// The server's rate limits (System.Threading.RateLimiting token buckets, one per partition): signed
/// requests per acting party (taken once the signature verified, before the nonce is consumed), unsigned
/// calls per remote address, monitoring reports per lab. A refusal is RESOURCE_EXHAUSTED with reason
/// RATE_LIMITED and the time after which the bucket holds enough again; nothing was changed by the call.
/// Each server process keeps its own buckets.
/// </summary>
public sealed class RequestLimiter : IDisposable
{
    private readonly Bucket? _requests;
    private readonly Bucket? _reads;
    private readonly Bucket? _reports;
    private readonly Bucket? _unverified;
    private readonly Bucket? _registrations;
    private readonly AccordMetrics _metrics;

    public RequestLimiter(AccordServerOptions options, AccordMetrics metrics)
    {
        _metrics = metrics;
        var limits = options.RateLimits;
        if (limits.Enabled)
        {
            _requests = new Bucket("requests", limits.Requests);
            _reads = new Bucket("reads", limits.Reads);
            _reports = new Bucket("reports", limits.Reports);
            _registrations = new Bucket("registrations", limits.Registrations);
            _unverified = new Bucket("unverified", limits.Reads); // signed calls that failed authentication, per address, sized as reads
        }
    }

    /// <summary>Takes one signed request of <paramref name="partyId"/>; throws RESOURCE_EXHAUSTED when its bucket is empty.</summary>
    public void TakeRequest(string partyId) => Take(_requests, partyId, 1, $"party '{partyId}' is sending signed requests faster than allowed");

    /// <summary>Takes one unsigned call from the caller's address; throws RESOURCE_EXHAUSTED when its bucket is empty.</summary>
    public void TakeRead(ServerCallContext context)
    {
        var address = Address(context);
        Take(_reads, address, 1, $"{address} is calling faster than allowed");
    }

    /// <summary>Takes one party registration from the caller's address; throws RESOURCE_EXHAUSTED when its bucket is empty.</summary>
    public void TakeRegistration(ServerCallContext context)
    {
        var address = Address(context);
        Take(_registrations, address, 1, $"{address} is registering parties faster than allowed");
    }

    /// <summary>Refuses a signed call from an address whose bucket its failed signed calls have emptied.</summary>
    public void RequireUnverifiedAllowance(ServerCallContext context)
    {
        var address = Address(context);
        Take(_unverified, address, 0, $"{address} keeps sending requests that fail authentication");
    }

    /// <summary>Charges a signed call that failed authentication to its address (never refuses: the call already failed).</summary>
    public void ChargeUnverified(ServerCallContext context)
    {
        if (_unverified is not null)
        {
            using var lease = _unverified.Limiter.AttemptAcquire(Address(context), 1);
        }
    }

    private static string Address(ServerCallContext context) => context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? context.Peer;

    /// <summary>Takes <paramref name="reports"/> reports of <paramref name="partyId"/>'s stream; throws RESOURCE_EXHAUSTED when its bucket holds fewer.</summary>
    public void TakeReports(string partyId, int reports) =>
        Take(_reports, partyId, Math.Max(1, reports), $"party '{partyId}' is sending monitoring reports faster than allowed"); // an empty batch still costs one

    private void Take(Bucket? bucket, string key, int permits, string message)
    {
        if (bucket is null || permits < 0)
        {
            return;
        }

        // 0 permits asks whether the bucket still holds a whole token, taking none. (A token bucket refills
        // continuously, so asking the limiter for 0 permits succeeds on any fraction of a token, which a charge
        // of one never takes: the bucket would never refuse again.)
        if (permits == 0)
        {
            if (bucket.Limiter.GetStatistics(key) is { CurrentAvailablePermits: < 1 })
            {
                _metrics.RateLimited(bucket.Name);
                var wait = TimeSpan.FromSeconds(1.0 / bucket.PerSecond);
                throw RpcErrors.RateLimited($"{message} ({bucket.Name}: {bucket.PerSecond}/s, burst {bucket.Size}); retry after {Math.Ceiling(wait.TotalMilliseconds)} ms", wait);
            }

            return;
        }

        using var lease = bucket.Limiter.AttemptAcquire(key, Math.Min(permits, bucket.Size));
        if (!lease.IsAcquired)
        {
            _metrics.RateLimited(bucket.Name);
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            throw RpcErrors.RateLimited($"{message} ({bucket.Name}: {bucket.PerSecond}/s, burst {bucket.Size}); retry after {Math.Ceiling(retryAfter.TotalMilliseconds)} ms", retryAfter);
        }
    }

    public void Dispose()
    {
        _requests?.Limiter.Dispose();
        _reads?.Limiter.Dispose();
        _reports?.Limiter.Dispose();
        _unverified?.Limiter.Dispose();
        _registrations?.Limiter.Dispose();
    }

    private sealed class Bucket
    {
        public Bucket(string name, TokenBucketOptions options)
        {
            if (options.PerSecond < 1 || options.Burst < 1)
            {
                throw new System.ComponentModel.DataAnnotations.ValidationException($"Accord:Server:RateLimits: the {name} bucket's PerSecond and Burst must be at least 1");
            }

            Name = name;
            Size = options.Burst;
            PerSecond = options.PerSecond;

            // Refill ten times a second (or once per token below 10/s), so that a bucket drains and refills smoothly.
            var (period, tokens) = options.PerSecond >= 10
                ? (TimeSpan.FromMilliseconds(100), (int)Math.Ceiling(options.PerSecond / 10.0))
                : (TimeSpan.FromSeconds(1.0 / options.PerSecond), 1);
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
            Limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket), StringComparer.Ordinal);
        }

        public string Name { get; }

        public int Size { get; }

        public int PerSecond { get; }

        public PartitionedRateLimiter<string> Limiter { get; }
    }
}

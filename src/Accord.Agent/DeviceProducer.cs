using Accord.Agent.Chips;
using Accord.Agent.Keys;
using Accord.Agent.Reports;
using Accord.Agent.Spool;
using Accord.Agent.Upload;
using Accord.Client;
using Accord.Core.Keys;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Accord.Agent;

/// <summary>
/// Produces one device's reports: keeps a reporting key on record, and every report interval reads the
/// chip over [last interval end, now] and appends the signed report to the spool. A new key (a new epoch)
/// is made when there is none, when the server refused the current one, or when the next report would
/// end after the key expires; before that, the device's pending reports are left to drain, since the
/// server takes reports only from a device's current epoch.
/// </summary>
internal sealed class DeviceProducer(
    IDeviceIdentity identity,
    AgentDeviceOptions device,
    IChipReader chip,
    ReportSpool spool,
    ReportingKeyEnroller enroller,
    AgentOptions options,
    TimeProvider time,
    ILogger logger,
    AgentRefusals refusals,
    Action produced)
{
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(100);

    private readonly Backoff _backoff = new(options.InitialBackoff, options.MaxBackoff);
    private PartyKeyPair? _key;
    private ulong _keyEpoch;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureKeyAsync(cancellationToken);
            using var timer = new PeriodicTimer(options.ReportInterval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    ProduceOnce();
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
                {
                    // The chip or the report could not be read or built: nothing was spooled and no sequence
                    // was used; the next report covers this interval too.
                    logger.LogWarning("Device {Device}: no report this interval ({Problem}).", identity.DeviceId, e.Message);
                }

                await EnsureKeyAsync(cancellationToken);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Stopping (a gRPC call in progress, such as a key submission, ends as Cancelled).
        }
        finally
        {
            _key?.Dispose();
        }
    }

    /// <summary>Appends the report for [last interval end, min(now, key expiry)] if the key allows one.</summary>
    internal bool ProduceOnce()
    {
        var state = spool.GetDevice(identity.DeviceId);
        if (state is not { Key: { Submitted: true } key, RekeyRequested: false, LastIntervalEnd: { } lastEnd })
        {
            return false;
        }

        var now = time.GetUtcNow();
        var end = now < key.NotAfter ? now : key.NotAfter;
        if (end <= lastEnd)
        {
            return false;
        }

        var signer = SigningKey(key);
        spool.Append(identity.DeviceId, slot =>
        {
            if (slot.BootEpoch != key.BootEpoch)
            {
                throw new InvalidOperationException($"Device '{identity.DeviceId}' changed epoch while its report was built.");
            }

            var sample = chip.Read(slot.IntervalStart, end);
            var report = MonitoringReports.Build(slot, end, sample, device.Model, device.Precision);
            return new ReportDraft(MonitoringReports.Sign(report, signer).ToByteArray(), end);
        });
        produced();
        return true;
    }

    private bool NeedsKey(DateTimeOffset now)
    {
        var state = spool.GetDevice(identity.DeviceId);
        return state is not { Key: { Submitted: true } key, RekeyRequested: false } || now + options.ReportInterval > key.NotAfter;
    }

    private async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        while (NeedsKey(time.GetUtcNow()))
        {
            // The server takes reports only from the current epoch: let this device's pending ones go first.
            while (spool.PendingCount(identity.DeviceId) > 0)
            {
                await Task.Delay(DrainPoll, time, cancellationToken);
            }

            try
            {
                await enroller.EnrolAsync(identity, cancellationToken);
                _backoff.Reset();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is RpcException or ReportingKeyRefusedException or IOException or HttpRequestException)
            {
                var refusal = e switch
                {
                    ReportingKeyRefusedException refused => refused.Refusal,
                    RpcException call when !ServerRefusal.IsConnectionFailure(call) => ServerRefusal.Of(call),
                    _ => null,
                };
                if (refusal is not null)
                {
                    // Stops the agent when no retry can cure it (not the owner, never enrolled); else told once.
                    refusals.Handle(new AgentRefusal(identity.DeviceId, "reporting key", refusal));
                }

                var delay = _backoff.Next();
                logger.LogWarning("Device {Device}: no reporting key yet ({Problem}); trying again in {Delay:0.###} s.",
                    identity.DeviceId, e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private PartyKeyPair SigningKey(SpooledKey key)
    {
        if (_key is null || _keyEpoch != key.BootEpoch)
        {
            _key?.Dispose();
            _key = PartyKeyPair.FromSeed(key.Seed);
            _keyEpoch = key.BootEpoch;
        }

        return _key;
    }
}

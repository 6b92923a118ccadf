// Puts a device's reporting key on record (protos/accord/v1/device_service.proto: GetChallenge,
// SubmitReportingKey, GetDevice): a fresh Ed25519 key (RFC 8032) from the OS CSPRNG per boot epoch,
// certified by the device identity key over the server's single-use challenge.
using System.Security.Cryptography;
using Accord.Agent.Spool;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accord.Agent.Keys;

/// <summary>The server refused a reporting key for a reason that trying again with the same key will not cure.</summary>
public sealed class ReportingKeyRefusedException(string message, ServerRefusal refusal, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What the server said.</summary>
    public ServerRefusal Refusal { get; } = refusal;
}

/// <summary>
/// Makes, persists and submits reporting keys. The new key, its epoch and its certificate are stored
/// (unsubmitted) before the submission, so a crash at any point either leaves a key the agent submits
/// again after restarting, or one the server already holds (found with GetDevice), or one it discards
/// for a newer epoch; an epoch is never used twice.
/// </summary>
public sealed class ReportingKeyEnroller
{
    private readonly DeviceService.DeviceServiceClient? _devices;
    private readonly Upload.ServerRotation? _servers;
    private readonly ReportSpool _spool;
    private readonly string _labPartyId;
    private readonly PartyKeyPair _labKey;
    private readonly TimeSpan _validity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the enroller.</summary>
    public ReportingKeyEnroller(
        DeviceService.DeviceServiceClient devices,
        ReportSpool spool,
        string labPartyId,
        PartyKeyPair labKey,
        TimeSpan? validity = null,
        TimeProvider? time = null,
        ILogger? logger = null)
        : this(devices ?? throw new ArgumentNullException(nameof(devices)), null, spool, labPartyId, labKey, validity, time, logger)
    {
    }

    /// <summary>An enroller that talks to the current server of <paramref name="servers"/> and moves to the next when it cannot be reached.</summary>
    public ReportingKeyEnroller(
        Upload.ServerRotation servers,
        ReportSpool spool,
        string labPartyId,
        PartyKeyPair labKey,
        TimeSpan? validity = null,
        TimeProvider? time = null,
        ILogger? logger = null)
        : this(null, servers ?? throw new ArgumentNullException(nameof(servers)), spool, labPartyId, labKey, validity, time, logger)
    {
    }

    private ReportingKeyEnroller(
        DeviceService.DeviceServiceClient? devices,
        Upload.ServerRotation? servers,
        ReportSpool spool,
        string labPartyId,
        PartyKeyPair labKey,
        TimeSpan? validity,
        TimeProvider? time,
        ILogger? logger)
    {
        _devices = devices;
        _servers = servers;
        _spool = spool ?? throw new ArgumentNullException(nameof(spool));
        _labPartyId = labPartyId ?? throw new ArgumentNullException(nameof(labPartyId));
        _labKey = labKey ?? throw new ArgumentNullException(nameof(labKey));
        _validity = validity ?? ReportingKeyCertificates.DefaultValidity;
        if (_validity <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, "A key's validity is positive.");
        }

        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Whether <paramref name="e"/> is worth trying again as it is (the server or the network is down): <see cref="ServerRefusal.Kind"/>.</summary>
    public static bool IsTransient(RpcException e) => ServerRefusal.KindOf(e) == RefusalKind.Transient;

    /// <summary>
    /// Makes sure the device has a current key the server holds. An unsubmitted key left by a crash is
    /// submitted again (or found already on record); otherwise a new key is made for epoch
    /// max(previous + 1, Unix seconds now), stored, and submitted.
    /// </summary>
    /// <exception cref="RpcException">The server could not be reached (try again later).</exception>
    /// <exception cref="ReportingKeyRefusedException">The server refused the new key (or, finally, the one left by a crash).</exception>
    public async Task<SpooledKey> EnrolAsync(IDeviceIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var channel = _servers?.Current;
        try
        {
            return await EnrolAsync(identity, channel is null ? _devices! : new DeviceService.DeviceServiceClient(channel), cancellationToken);
        }
        catch (RpcException e) when (IsTransient(e) && channel is not null && !RpcErrorDetails.IsRateLimited(e))
        {
            // The caller tries again later; by then on the next server (a rate limit is no reason to move: it stays on this one).
            _servers!.FailedOver(channel);
            throw;
        }
    }

    private async Task<SpooledKey> EnrolAsync(IDeviceIdentity identity, DeviceService.DeviceServiceClient devices, CancellationToken cancellationToken)
    {
        var deviceId = identity.DeviceId;
        var state = _spool.GetDevice(deviceId);
        if (state is { Key: { Submitted: false } left, RekeyRequested: false } && left.NotAfter > _time.GetUtcNow())
        {
            var refusedLeft = await TrySubmitAsync(devices, deviceId, left, cancellationToken);
            if (refusedLeft is null)
            {
                _logger.LogInformation("Device {Device}: reporting key of epoch {Epoch} ({KeyId}) is on record.", deviceId, left.BootEpoch, left.KeyId);
                return left with { Submitted = true };
            }

            if (refusedLeft.Kind == RefusalKind.Final)
            {
                // Not the owner, not enrolled: a new key would be refused the same way.
                throw new ReportingKeyRefusedException($"The server refused device '{deviceId}''s reporting key for epoch {left.BootEpoch}.", refusedLeft);
            }

            _logger.LogWarning("Device {Device}: the server refused the unsubmitted key of epoch {Epoch}; making a new one.", deviceId, left.BootEpoch);
        }

        var challenge = await DeviceChallenges.RequestAsync(devices, deviceId, _labPartyId, _labKey, cancellationToken, _time.GetUtcNow());
        var nonce = challenge.Nonce.ToByteArray();
        _spool.SetLatestChallenge(deviceId, nonce);

        var now = _time.GetUtcNow();
        var epoch = ReportingKeyCertificates.NextEpoch(_spool.GetDevice(deviceId)?.BootEpoch ?? 0, now);
        var seed = RandomNumberGenerator.GetBytes(PartyKeyPair.SeedSize);
        SpooledKey key;
        using (var pair = PartyKeyPair.FromSeed(seed))
        {
            var statement = ReportingKeyCertificates.Statement(deviceId, epoch, pair.PublicKey, now, now + _validity, nonce);
            var certificate = ReportingKeyCertificates.Certify(statement, identity);
            key = new SpooledKey(epoch, seed, pair.KeyId, now, now + _validity, certificate.ToByteArray(), Submitted: false);
        }

        _spool.StoreNewKey(deviceId, key);
        if (await TrySubmitAsync(devices, deviceId, key, cancellationToken) is { } refused)
        {
            throw new ReportingKeyRefusedException($"The server refused device '{deviceId}''s reporting key for epoch {epoch}.", refused);
        }

        _logger.LogInformation("Device {Device}: new reporting key for epoch {Epoch} ({KeyId}), valid until {NotAfter:O}.", deviceId, epoch, key.KeyId, key.NotAfter);
        return key with { Submitted = true };
    }

    // Null once the server holds the key (submitted now or earlier); what it said when it refuses it.
    private async Task<ServerRefusal?> TrySubmitAsync(DeviceService.DeviceServiceClient devices, string deviceId, SpooledKey key, CancellationToken cancellationToken)
    {
        var certificate = ReportingKeyCertificate.Parser.ParseFrom(key.Certificate);
        var envelope = ReportingKeyCertificates.Submission(certificate, _labPartyId, _labKey, _time.GetUtcNow());
        try
        {
            await devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = envelope }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (!IsTransient(e))
        {
            // Perhaps an earlier submission of this very key succeeded and only its answer was lost.
            var refusal = ServerRefusal.Of(e);
            DeviceRecord? record;
            try
            {
                record = (await devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId }, cancellationToken: cancellationToken)).Device;
            }
            catch (RpcException unknown) when (unknown.StatusCode == StatusCode.NotFound)
            {
                record = null;
            }

            if (record is null || record.BootEpoch != key.BootEpoch || record.ReportingKeyId != key.KeyId)
            {
                _logger.LogWarning("Device {Device}: reporting key of epoch {Epoch} refused: {Refusal}.", deviceId, key.BootEpoch, refusal);
                return refusal;
            }
        }

        _spool.MarkKeySubmitted(deviceId, key.BootEpoch);
        return null;
    }
}

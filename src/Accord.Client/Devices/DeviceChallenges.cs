// DeviceService.GetChallenge (protos/accord/v1/device_service.proto) asked for by the lab, signed: a
// ChallengeRequest in a DSSE envelope, so that the challenge is the lab's and no one else's requests evict it.
using Accord.Core.Keys;
using Accord.Protos.V1;

namespace Accord.Client.Devices;

/// <summary>Challenges a lab asks for its own devices (or one it is about to enrol).</summary>
public static class DeviceChallenges
{
    /// <summary>A fresh challenge for <paramref name="deviceId"/>, asked for by <paramref name="labId"/> with a request signed by <paramref name="labKey"/>.</summary>
    public static async Task<GetChallengeResponse> RequestAsync(
        DeviceService.DeviceServiceClient devices,
        string deviceId,
        string labId,
        PartyKeyPair labKey,
        CancellationToken cancellationToken,
        DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var request = new ChallengeRequest { Header = RequestSigning.Header(labId, now), DeviceId = deviceId };
        return await devices.GetChallengeAsync(new GetChallengeRequest { DeviceId = deviceId, Envelope = RequestSigning.Sign(request, labKey) }, cancellationToken: cancellationToken);
    }
}

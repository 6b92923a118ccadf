// DeviceService.EnrolDevice (protos/accord/v1/device_service.proto): a DeviceEnrolment signed by the lab,
// carrying the device's X.509 identity chain and, when the device can answer, SPDM evidence over a fresh
// challenge from DeviceService.GetChallenge.
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Client.Devices;

/// <summary>Enrols devices for a lab: the one enrolment request the CLI, the demo and the benchmarks send.</summary>
public static class DeviceEnrolments
{
    /// <summary>
    /// Enrols the device whose chain (leaf first) is <paramref name="chainDer"/> as <paramref name="model"/>,
    /// signed by <paramref name="labId"/>'s <paramref name="labKey"/>. When <paramref name="answerChallenge"/> is
    /// given, a fresh challenge of the lab's own for <paramref name="deviceId"/> is fetched first (signed: nobody else can evict it) and its answer (an SPDM
    /// measurement report over the nonce) is sent as the evidence; otherwise <paramref name="recordedEvidence"/>, when
    /// given, is sent as it is.
    /// </summary>
    /// <summary>
    /// The enrolment <paramref name="labId"/> signs, with a fresh header: the chain (leaf first) as
    /// <paramref name="model"/>, and <paramref name="evidence"/> when given (evidence answering a challenge is added by <see cref="EnrolAsync"/>).
    /// </summary>
    public static DeviceEnrolment Enrolment(string labId, DeviceModel model, IEnumerable<byte[]> chainDer, byte[]? evidence)
    {
        ArgumentNullException.ThrowIfNull(chainDer);
        var enrolment = new DeviceEnrolment { Header = RequestSigning.Header(labId), Model = model };
        enrolment.CertificateChain.AddRange(chainDer.Select(ByteString.CopyFrom));
        if (evidence is not null)
        {
            enrolment.Evidence = new SpdmEvidence { Report = ByteString.CopyFrom(evidence) };
        }

        return enrolment;
    }

    public static async Task<EnrolDeviceResponse> EnrolAsync(
        DeviceService.DeviceServiceClient devices,
        string labId,
        PartyKeyPair labKey,
        string deviceId,
        DeviceModel model,
        IEnumerable<byte[]> chainDer,
        Func<byte[], byte[]>? answerChallenge,
        CancellationToken cancellationToken,
        byte[]? recordedEvidence = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(chainDer);
        var enrolment = Enrolment(labId, model, chainDer, answerChallenge is null ? recordedEvidence : null);
        if (answerChallenge is not null)
        {
            var challenge = await DeviceChallenges.RequestAsync(devices, deviceId, labId, labKey, cancellationToken);
            enrolment.Evidence = new SpdmEvidence { Report = ByteString.CopyFrom(answerChallenge(challenge.Nonce.ToByteArray())) };
        }

        return await devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = RequestSigning.Sign(enrolment, labKey) }, cancellationToken: cancellationToken);
    }
}

using Accord.Core.Attestation;
using Accord.Core.Common;
using Accord.Core.Registry;
using Accord.Grains.Abstractions.Devices;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Accord.Server.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ActingParty = Accord.Core.Parties.ActingParty;
using PartyAction = Accord.Core.Parties.PartyAction;
using PermissionSubject = Accord.Core.Parties.PermissionSubject;
using Permissions = Accord.Core.Parties.Permissions;

namespace Accord.Server.Grpc;

/// <summary>Trust, enrolment, challenges and reporting keys over gRPC: check the request, call one grain.</summary>
public sealed class DeviceGrpcService(IGrainFactory grains, SignedRequestReader requests) : DeviceService.DeviceServiceBase
{
    private const int MaxChainLength = 10;
    private const int MaxCertificateBytes = 16 * 1024;

    private ITrustStoreGrain Trust => grains.GetGrain<ITrustStoreGrain>(ITrustStoreGrain.Key);

    public override async Task<AddTrustRootResponse> AddTrustRoot(AddTrustRootRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, TrustRootAddition.Parser, p => p.Header);
        if (signed.Payload.CertificateDer.Length is 0 or > MaxCertificateBytes)
        {
            throw RpcErrors.Invalid("certificate_der", $"a DER certificate of 1 to {MaxCertificateBytes} bytes is required");
        }

        RpcErrors.RequireText("label", signed.Payload.Label, 0, 200);
        await RequirePermission(signed, PartyAction.AddTrustRoot, context);
        var added = await Trust.AddRoot(signed.PartyId, signed.Payload.CertificateDer.ToByteArray(), signed.Payload.Label, signed.Stored, context.CancellationToken);
        return new AddTrustRootResponse { Root = DeviceMapping.ToRecord(added.OrThrow()), Receipt = LogMapping.ToProto(added.Receipt) };
    }

    public override async Task<RevokeCertificateResponse> RevokeCertificate(RevokeCertificateRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, TrustRevocation.Parser, p => p.Header);
        if (!Core.Keys.KeyIds.IsWellFormed(signed.Payload.CertificateSha256))
        {
            throw RpcErrors.Invalid("certificate_sha256", "must be the lowercase hex SHA-256 of the certificate's DER (64 characters)");
        }

        RpcErrors.RequireText("reason", signed.Payload.Reason, 1, 1000);
        await RequirePermission(signed, PartyAction.RevokeCertificate, context);
        var revoked = await Trust.Revoke(signed.PartyId, signed.Payload.CertificateSha256, signed.Payload.Reason, signed.Stored, context.CancellationToken);
        return new RevokeCertificateResponse { Revocation = DeviceMapping.ToRecord(revoked.OrThrow()), Receipt = LogMapping.ToProto(revoked.Receipt) };
    }

    public override async Task<ListTrustResponse> ListTrust(ListTrustRequest request, ServerCallContext context)
    {
        var trust = await Trust.Get();
        return new ListTrustResponse
        {
            Roots = { trust.Roots.Select(DeviceMapping.ToRecord) },
            Revocations = { trust.Revocations.Select(DeviceMapping.ToRecord) },
        };
    }

    public override async Task<GetChallengeResponse> GetChallenge(GetChallengeRequest request, ServerCallContext context)
    {
        RequireDeviceId(request.DeviceId, "device_id");
        string? issuedTo = null;
        if (request.Envelope is not null)
        {
            var signed = SignedRequestReader.Parse(request.Envelope, ChallengeRequest.Parser, p => p.Header);
            if (signed.Payload.DeviceId != request.DeviceId)
            {
                throw RpcErrors.Invalid("envelope", $"the signed request is for device '{TextRules.Truncate(signed.Payload.DeviceId)}', not '{request.DeviceId}'");
            }

            var party = await requests.AuthenticateAsync(signed, context.CancellationToken);
            PermissionChecks.Require(party, PartyAction.RequestChallenge);
            issuedTo = party.PartyId;
        }

        var challenge = (await grains.GetGrain<IDeviceGrain>(request.DeviceId).IssueChallenge(issuedTo, context.CancellationToken)).OrThrow();
        return new GetChallengeResponse { Nonce = Google.Protobuf.ByteString.CopyFrom(challenge.Nonce), ExpiresAt = Timestamp.FromDateTimeOffset(challenge.ExpiresAt) };
    }

    public override async Task<EnrolDeviceResponse> EnrolDevice(EnrolDeviceRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, DeviceEnrolment.Parser, p => p.Header);
        var payload = signed.Payload;
        if (payload.CertificateChain.Count is 0 or > MaxChainLength || payload.CertificateChain.Any(c => c.Length is 0 or > MaxCertificateBytes))
        {
            throw RpcErrors.Invalid("certificate_chain", $"1 to {MaxChainLength} DER certificates of at most {MaxCertificateBytes} bytes, leaf first");
        }

        var model = Protos.Mapping.MonitoringMapping.ToDomain(payload.Model) ?? throw RpcErrors.Invalid("model", "a known device model is required");
        string deviceId;
        try
        {
            deviceId = DeviceCertificate.Parse(payload.CertificateChain[0].Span).SubjectSerialNumber
                ?? throw RpcErrors.Invalid("certificate_chain", "the leaf certificate has no subject serialNumber (the device id)", "NO_DEVICE_ID");
        }
        catch (AttestationException e)
        {
            throw RpcErrors.Invalid("certificate_chain", e.Message, "MALFORMED_CERTIFICATE");
        }

        RequireDeviceId(deviceId, "certificate_chain");
        await RequirePermission(signed, PartyAction.EnrolDevice, context);
        var trust = await Trust.Get();
        var snapshot = new TrustSnapshotData
        {
            Roots = [.. trust.Roots.Select(r => r.Der)],
            Revoked = [.. trust.Revocations.Select(r => r.Sha256)],
        };
        var enrolled = await grains.GetGrain<IDeviceGrain>(deviceId).Enrol(
            signed.PartyId,
            model.ToString(),
            [.. payload.CertificateChain.Select(c => c.ToByteArray())],
            payload.Evidence is { Report.Length: > 0 } evidence ? evidence.Report.ToByteArray() : null,
            snapshot,
            signed.Stored,
            context.CancellationToken);
        return new EnrolDeviceResponse { Device = DeviceMapping.ToRecord(enrolled.OrThrow()), Receipt = LogMapping.ToProto(enrolled.Receipt) };
    }

    public override async Task<SubmitReportingKeyResponse> SubmitReportingKey(SubmitReportingKeyRequest request, ServerCallContext context)
    {
        var signed = SignedRequestReader.Parse(request.Envelope, ReportingKeySubmission.Parser, p => p.Header);
        var certificate = signed.Payload.Certificate ?? throw RpcErrors.Invalid("certificate", "a reporting key certificate is required");
        Core.Monitoring.ReportingKeyClaims statement;
        try
        {
            statement = MonitoringMapping.ReadStatement(certificate.Statement.Memory);
        }
        catch (FormatException e)
        {
            throw RpcErrors.Invalid("certificate.statement", $"not a ReportingKeyStatement: {e.Message}", "MALFORMED");
        }

        RequireDeviceId(statement.DeviceId, "certificate.statement");
        await RequirePermission(signed, PartyAction.SubmitReportingKey, context);
        var updated = await grains.GetGrain<IDeviceGrain>(statement.DeviceId).SubmitReportingKey(
            signed.PartyId, certificate.Statement.ToByteArray(), certificate.Signature.ToByteArray(), signed.Stored, context.CancellationToken);
        return new SubmitReportingKeyResponse { Device = DeviceMapping.ToRecord(updated.OrThrow()), Receipt = LogMapping.ToProto(updated.Receipt) };
    }

    public override async Task<GetDeviceResponse> GetDevice(GetDeviceRequest request, ServerCallContext context)
    {
        RequireDeviceId(request.DeviceId, "device_id");
        var reader = await requests.ReaderAsync(request.Reader, DevicesReader.Parser, r => r.Header, context.CancellationToken);
        var device = await grains.GetGrain<IDeviceGrain>(request.DeviceId).Get()
            ?? throw RpcErrors.Of(StatusCode.NotFound, "UNKNOWN_DEVICE", $"no device {request.DeviceId}");
        return new GetDeviceResponse { Device = Shown(device, reader) };
    }

    public override async Task<ListDevicesResponse> ListDevices(ListDevicesRequest request, ServerCallContext context)
    {
        var reader = await requests.ReaderAsync(request.Reader, DevicesReader.Parser, r => r.Header, context.CancellationToken);
        var listed = (await grains.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List())
            .Where(d => request.PartyId.Length == 0 || request.PartyId == d.Value)
            .Select(d => d.Key)
            .ToList();
        var page = RpcErrors.OrThrow(Paging.Take(listed, id => id, request.PageToken, request.PageSize));
        var response = new ListDevicesResponse { NextPageToken = page.NextToken };
        foreach (var deviceId in page.Items)
        {
            if (await grains.GetGrain<IDeviceGrain>(deviceId).Get() is { } device)
            {
                response.Devices.Add(Shown(device, reader));
            }
        }

        return response;
    }

    // A device's totals (reports, FLOP, active seconds) are per-device detail, for its lab and inspectors only; the rest of the record is public.
    private static DeviceRecord Shown(DeviceState device, ActingParty? reader)
    {
        var record = DeviceMapping.ToRecord(device);
        if (reader is null || !Permissions.Allows(PartyAction.ReadDeviceTotals, reader, PermissionSubject.Of(device.DeviceId, device.PartyId)))
        {
            record.Reports = 0;
            record.TotalFlop = 0;
            record.TotalActiveSeconds = 0;
            record.TotalsWithheld = true;
        }

        return record;
    }

    private async Task RequirePermission<T>(SignedRequest<T> signed, PartyAction action, ServerCallContext context) =>
        PermissionChecks.Require(await requests.AuthenticateAsync(signed, context.CancellationToken), action);

    /// <summary>Device ids are certificate serial numbers: 1 to 128 printable ASCII characters.</summary>
    public static void RequireDeviceId(string deviceId, string field)
    {
        if (deviceId.Length is 0 or > 128 || deviceId.Any(c => c is < '!' or > '~'))
        {
            throw RpcErrors.Invalid(field, "a device id is 1 to 128 printable ASCII characters without spaces");
        }
    }
}

// Listings come in pages (docs/api.md, "Paging"); these read every page, in order.
using Accord.Protos.V1;

namespace Accord.Client;

/// <summary>Whole listings, page by page.</summary>
public static class Listings
{
    /// <summary>Every registered party, by id.</summary>
    public static Task<IReadOnlyList<PartyRecord>> PartiesAsync(RegistryService.RegistryServiceClient registry, CancellationToken cancellationToken = default) =>
        AllAsync(async token =>
        {
            var page = await registry.ListPartiesAsync(new ListPartiesRequest { PageToken = token, PageSize = 1000 }, cancellationToken: cancellationToken);
            return (page.Parties, page.NextPageToken);
        });

    /// <summary>Every commitment, or <paramref name="partyId"/>'s, by party and then registration.</summary>
    public static Task<IReadOnlyList<CommitmentRecord>> CommitmentsAsync(RegistryService.RegistryServiceClient registry, string? partyId = null, CancellationToken cancellationToken = default) =>
        AllAsync(async token =>
        {
            var page = await registry.ListCommitmentsAsync(new ListCommitmentsRequest { PartyId = partyId ?? "", PageToken = token, PageSize = 1000 }, cancellationToken: cancellationToken);
            return (page.Commitments, page.NextPageToken);
        });

    /// <summary>Every agreement, or those naming <paramref name="partyId"/>, by id.</summary>
    public static Task<IReadOnlyList<AgreementRecord>> AgreementsAsync(RegistryService.RegistryServiceClient registry, string? partyId = null, CancellationToken cancellationToken = default) =>
        AllAsync(async token =>
        {
            var page = await registry.ListAgreementsAsync(new ListAgreementsRequest { PartyId = partyId ?? "", PageToken = token, PageSize = 1000 }, cancellationToken: cancellationToken);
            return (page.Agreements, page.NextPageToken);
        });

    /// <summary>
    /// Every device, or <paramref name="partyId"/>'s, by id; <paramref name="reader"/> makes a fresh signed reader for each
    /// page (a reader is single-use), or null to read as anyone.
    /// </summary>
    public static Task<IReadOnlyList<DeviceRecord>> DevicesAsync(
        DeviceService.DeviceServiceClient devices, string? partyId = null, Func<Envelope?>? reader = null, CancellationToken cancellationToken = default) =>
        AllAsync(async token =>
        {
            var page = await devices.ListDevicesAsync(
                new ListDevicesRequest { PartyId = partyId ?? "", Reader = reader?.Invoke(), PageToken = token, PageSize = 1000 }, cancellationToken: cancellationToken);
            return (page.Devices, page.NextPageToken);
        });

    private static async Task<IReadOnlyList<T>> AllAsync<T>(Func<string, Task<(Google.Protobuf.Collections.RepeatedField<T> Items, string Next)>> page)
    {
        var all = new List<T>();
        var token = "";
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        }
        while (token.Length > 0);
        return all;
    }
}

using Accord.Negotiation.Domains;
using Accord.Testing;

namespace Accord.Negotiation.Tests;

/// <summary>GENIUS folders as published: the domain and the profiles found by their root elements, whatever their names.</summary>
public sealed class GeniusFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new("accord-genius-anac-");

    public void Dispose() => _dir.Dispose();

    // The ANAC 2015 layout: the domain as holiday.xml, its profiles as holiday-Profile1.xml, ... (the shared PauseTreaty files renamed).
    private string Anac2015Layout(int profiles = 2)
    {
        var source = SharedFolder.PauseTreaty;
        File.Copy(Path.Combine(source, "PauseTreaty-domain.xml"), _dir.File("pause.xml"));
        File.Copy(Path.Combine(source, "PauseTreaty-FrontierLab.xml"), _dir.File("pause-Profile1.xml"));
        File.Copy(Path.Combine(source, "PauseTreaty-ConcernedState.xml"), _dir.File("pause-Profile2.xml"));
        if (profiles > 2)
        {
            File.Copy(Path.Combine(source, "PauseTreaty-FrontierLab.xml"), _dir.File("pause-Profile3.xml"));
        }

        return _dir.Path;
    }

    [Fact]
    public void LoadFolder_Anac2015Layout_DomainAndProfilesFoundByContent()
    {
        var shared = TestDomains.PauseTreaty;

        var d = GeniusImporter.LoadFolder(Anac2015Layout());

        Assert.Equal("pause", d.Name);
        Assert.Equal(["Profile1", "Profile2"], d.Parties.Select(p => p.Name));
        Assert.Equal(shared.Issues.Select(i => i.Name), d.Issues.Select(i => i.Name));
        Assert.Equal(shared.Parties[shared.PartyIndex("FrontierLab")].Weights, d.Parties[0].Weights);
        Assert.Equal(shared.Parties[shared.PartyIndex("ConcernedState")].Reservation, d.Parties[1].Reservation);
    }

    [Fact]
    public void Read_Anac2015Layout_NamesTheDomainFileAndTheProfiles()
    {
        var folder = GeniusFolder.Read(Anac2015Layout(profiles: 3));

        Assert.Equal("pause.xml", Path.GetFileName(folder.DomainFile));
        Assert.Equal(["pause-Profile1.xml", "pause-Profile2.xml", "pause-Profile3.xml"], folder.ProfileFiles.Select(Path.GetFileName));
    }

    [Fact]
    public void Seat_MoreProfilesThanSeatsNoneChosen_RefusedListingTheProfiles()
    {
        var folder = GeniusFolder.Read(Anac2015Layout(profiles: 3));

        var e = Assert.Throws<FormatException>(() => folder.Seat(null, seats: 2));

        Assert.Contains("holds 3 profiles (pause-Profile1.xml, pause-Profile2.xml, pause-Profile3.xml) for 2 agents", e.Message, StringComparison.Ordinal);
        Assert.Contains("--profiles", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProfilesChosen_PartiesInTheOrderGiven()
    {
        var folder = GeniusFolder.Read(Anac2015Layout(profiles: 3));

        var d = folder.Load(["pause-Profile3.xml", "pause-Profile2.xml"], seats: 2);

        Assert.Equal(["Profile3", "Profile2"], d.Parties.Select(p => p.Name));
    }

    [Fact]
    public void Seat_ChosenProfileNotInTheFolder_RefusedListingTheProfiles()
    {
        var folder = GeniusFolder.Read(Anac2015Layout());

        var e = Assert.Throws<FormatException>(() => folder.Seat(["pause-Profile9.xml"]));

        Assert.Contains("'pause-Profile9.xml' is not a profile", e.Message, StringComparison.Ordinal);
        Assert.Contains("pause-Profile1.xml, pause-Profile2.xml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileThatIsNeitherDomainNorProfile_RefusedNamingIt()
    {
        Anac2015Layout();
        File.WriteAllText(_dir.File("notes.xml"), "<notes>not GENIUS</notes>");

        var e = Assert.Throws<FormatException>(() => GeniusFolder.Read(_dir.Path));

        Assert.Contains("notes.xml (root <notes>)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoDomainFiles_RefusedNamingBoth()
    {
        Anac2015Layout();
        File.Copy(_dir.File("pause.xml"), _dir.File("other.xml"));

        var e = Assert.Throws<FormatException>(() => GeniusFolder.Read(_dir.Path));

        Assert.Contains("2 GENIUS domain files (other.xml, pause.xml)", e.Message, StringComparison.Ordinal);
    }
}

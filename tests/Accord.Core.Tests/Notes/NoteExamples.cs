// Published examples of C2SP signed-note (c2sp.org/signed-note), tlog-checkpoint and
// tlog-cosignature, copied as short inline spec examples, plus keys for the tests.
using Accord.Core.Keys;

namespace Accord.Core.Tests.Notes;

internal static class NoteExamples
{
    /// <summary>The c2sp.org/signed-note example key (also in ../shared/vectors/README.md).</summary>
    public const string ExampleVerifierKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

    /// <summary>The note that key signed.</summary>
    public const string ExampleNote =
        "This is an example message.\n" +
        "\n" +
        "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    /// <summary>golang.org/x/mod/sumdb/note package documentation: the signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+..." data (0x01 || seed).</summary>
    public const string PeterNeumannSignerKeyData = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    /// <summary>Its verifier key, from the same documentation.</summary>
    public const string PeterNeumannVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    /// <summary>The text it signs in that documentation.</summary>
    public const string PeterNeumannText =
        "If you think cryptography is the answer to your problem,\n" +
        "then you don't know what your problem is.\n";

    /// <summary>The signed note the documentation prints for that text.</summary>
    public const string PeterNeumannNote = PeterNeumannText +
        "\n" +
        "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    /// <summary>The c2sp.org/tlog-checkpoint example note text.</summary>
    public const string CheckpointBody =
        "example.com/behind-the-sofa\n" +
        "20852163\n" +
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    /// <summary>The log's signature line on it (c2sp.org/tlog-checkpoint).</summary>
    public const string CheckpointLogSignature =
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

    /// <summary>The witness line on it (c2sp.org/tlog-cosignature); its public key is not published.</summary>
    public const string CheckpointWitnessSignature =
        "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

    /// <summary>The c2sp.org/tlog-cosignature example checkpoint with both signatures.</summary>
    public const string CosignedCheckpointNote = CheckpointBody + "\n" + CheckpointLogSignature + CheckpointWitnessSignature;

    /// <summary>RFC 8032 section 7.1 TEST 1 seed: public, never for real use.</summary>
    public const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    /// <summary>RFC 8032 section 7.1 TEST 1 public key.</summary>
    public const string Rfc8032Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    public static PartyKeyPair Rfc8032Test1Key() => PartyKeyPair.FromSeed(Convert.FromHexString(Rfc8032Test1Seed));

    public static PartyKeyPair PeterNeumannKey() => PartyKeyPair.FromSeed(Convert.FromBase64String(PeterNeumannSignerKeyData).AsSpan(1));
}

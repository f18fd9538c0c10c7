namespace Packetflix.Server.CaptureApi;

/// <summary>Two-word connection ids such as <c>pleasant-calf</c>, as upstream logs them.</summary>
internal static class PetName
{
    private static readonly string[] Adjectives =
    [
        "able", "brave", "calm", "clever", "eager", "fair", "gentle", "happy", "jolly", "keen", "kind", "lively",
        "lucky", "merry", "neat", "noble", "pleasant", "proud", "quick", "quiet", "rapid", "sharp", "smart", "steady",
        "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty",
    ];

    private static readonly string[] Animals =
    [
        "ant", "bat", "bear", "bee", "calf", "cat", "crab", "crow", "deer", "dog", "duck", "eel", "fox", "frog", "gnu",
        "goat", "hare", "hawk", "ibis", "koala", "lark", "lynx", "mole", "moth", "newt", "owl", "puma", "seal", "shark",
        "swan", "toad", "wolf",
    ];

    public static string Next() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Animals[Random.Shared.Next(Animals.Length)]}";
}

namespace Packetflix.Extcap;

internal static class Program
{
    // The Wireshark extcap plugin and CLI client land with the clients issue; until then it only says so.
    private static int Main()
    {
        Console.Error.WriteLine("packetflix-extcap: not available in this build yet");
        return 1;
    }
}

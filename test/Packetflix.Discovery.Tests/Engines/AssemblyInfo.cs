using System.Runtime.Versioning;

// The code under test is Linux only (src/Packetflix.Discovery/AssemblyInfo.cs), and so are these tests.
[assembly: SupportedOSPlatform("linux")]

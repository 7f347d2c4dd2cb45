; Windows installer (Inno Setup 6). Built by .github/workflows/release.yml on a Windows runner
; (`iscc /DVersion=X packaging\windows\jebi.iss`); never run on the Linux machines this project
; is developed on. Installs per user, registers Jebi as a mail client that can open mailto:
; links (the person picks the default in Windows' settings), and removes exactly that on
; uninstall; mail and settings in %APPDATA%\jebi stay.
#ifndef Version
  #define Version "0.1.0"
#endif

[Setup]
AppId={{6B1E3D2A-5F4C-4E8B-9C27-0A9E4F3B7D11}
AppName=Jebi
AppVersion={#Version}
AppPublisher=The Jebi developers
DefaultDirName={localappdata}\Programs\Jebi
DefaultGroupName=Jebi
PrivilegesRequired=lowest
OutputDir=..\..\target\packages
OutputBaseFilename=Jebi-{#Version}-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\jebi.exe

[Files]
Source: "..\..\target\release\jebi.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\target\release\jebi-window.exe"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\Jebi"; Filename: "{app}\jebi.exe"; AppUserModelID: "org.jebimail.Jebi"

[Registry]
; A ProgID that opens mailto: URLs with Jebi.
Root: HKCU; Subkey: "Software\Classes\Jebi.mailto"; ValueType: string; ValueData: "URL:MailTo Protocol"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Jebi.mailto\shell\open\command"; ValueType: string; ValueData: """{app}\jebi.exe"" ""%1"""
; Jebi's capabilities, so that Windows lists it under default apps for mailto.
Root: HKCU; Subkey: "Software\Jebi\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "Jebi"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Jebi\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "A fast mail client"
Root: HKCU; Subkey: "Software\Jebi\Capabilities\URLAssociations"; ValueType: string; ValueName: "mailto"; ValueData: "Jebi.mailto"
Root: HKCU; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "Jebi"; ValueData: "Software\Jebi\Capabilities"; Flags: uninsdeletevalue

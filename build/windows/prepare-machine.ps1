<#
.SYNOPSIS
  Creates LITA Reserv's folders on this PC with the right permissions (or removes them).

.DESCRIPTION
  Reads the machine config (%ProgramData%\LITA Reserv\config.json by default), resolves
  dataDir and mirrorDir the way the app does (relative to the config file's folder; UNC and
  absolute paths as they are) and sets, with well-known SIDs so it works on every language
  of Windows:
    %ProgramData%\LITA Reserv   SYSTEM and Administrators: full control; Users: read
    <mirrorDir>                 SYSTEM and Administrators: full control; Users: read
    <dataDir>                   SYSTEM and Administrators: full control; Users: modify
    %ProgramData%\LITA Reserv\secrets   SYSTEM and Administrators only (for protect-secret files)
  Only the service (SYSTEM) and administrators write the mirror; everyone can read it.
  Users may modify the data folder because the app, running as the logged-in user, opens
  the catalog there, and SQLite writes its -wal and -shm files beside the catalog even to
  read it; what staff open in Explorer (the mirror) stays read-only for them.
  The installer runs this; IT can run it again after changing the folders in the config.

  Exit codes: 0 done, 2 the config cannot be read, 3 there is no config yet (nothing done).

.PARAMETER ConfigPath
  The machine config file.

.PARAMETER RemoveData
  Remove the mirror, the data folder and %ProgramData%\LITA Reserv instead (uninstall /REMOVEDATA).
#>
[CmdletBinding()]
param(
  [string]$ConfigPath = (Join-Path $env:ProgramData 'LITA Reserv\config.json'),
  [switch]$RemoveData
)
$ErrorActionPreference = 'Stop'

$System = '*S-1-5-18'
$Administrators = '*S-1-5-32-544'
$Users = '*S-1-5-32-545'
$MachineDir = Split-Path -Parent $ConfigPath

function Resolve-ConfigPath([string]$Base, [string]$Value, [string]$Default) {
  if ([string]::IsNullOrWhiteSpace($Value)) { $Value = $Default }
  if ($Value -match '^(\\\\|//)' -or [System.IO.Path]::IsPathRooted($Value)) { return $Value }
  return [System.IO.Path]::GetFullPath((Join-Path $Base $Value))
}

function Set-FolderAcl([string]$Path, [string[]]$Grants) {
  New-Item -ItemType Directory -Force -Path $Path | Out-Null
  $arguments = @($Path, '/inheritance:r') + ($Grants | ForEach-Object { '/grant:r'; $_ })
  & icacls.exe @arguments | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "icacls misslyckades för $Path (kod $LASTEXITCODE)" }
  Write-Output "Behörigheter satta: $Path"
}

if (-not (Test-Path -LiteralPath $ConfigPath)) {
  if ($RemoveData) {
    if (Test-Path -LiteralPath $MachineDir) { Remove-Item -LiteralPath $MachineDir -Recurse -Force }
    exit 0
  }
  Write-Output "Ingen konfiguration ännu ($ConfigPath); mapparna skapas när den finns (kör skriptet igen)."
  exit 3
}
try {
  $config = Get-Content -LiteralPath $ConfigPath -Raw -Encoding UTF8 | ConvertFrom-Json
} catch {
  Write-Error "Kan inte läsa $ConfigPath som JSON: $($_.Exception.Message)"
  exit 2
}
$dataDir = Resolve-ConfigPath $MachineDir $config.dataDir 'data'
$mirrorDir = Resolve-ConfigPath $MachineDir $config.mirrorDir 'Styrande dokument'

if ($RemoveData) {
  foreach ($dir in @($mirrorDir, $dataDir, $MachineDir)) {
    if (Test-Path -LiteralPath $dir) {
      Remove-Item -LiteralPath $dir -Recurse -Force
      Write-Output "Borttagen: $dir"
    }
  }
  exit 0
}

$readable = @("${System}:(OI)(CI)F", "${Administrators}:(OI)(CI)F", "${Users}:(OI)(CI)RX")
$userWritable = @("${System}:(OI)(CI)F", "${Administrators}:(OI)(CI)F", "${Users}:(OI)(CI)M")
Set-FolderAcl $MachineDir $readable
Set-FolderAcl (Join-Path $MachineDir 'secrets') @("${System}:(OI)(CI)F", "${Administrators}:(OI)(CI)F")
foreach ($folder in @(@{ Path = $mirrorDir; Grants = $readable }, @{ Path = $dataDir; Grants = $userWritable })) {
  if ($folder.Path -match '^(\\\\|//)') {
    Write-Output "Nätverkssökväg, behörigheterna sätts inte härifrån: $($folder.Path)"
    continue
  }
  Set-FolderAcl $folder.Path $folder.Grants
}
exit 0

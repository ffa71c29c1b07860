<#
.SYNOPSIS
  Registers (or removes) the scheduled task that keeps the LITA Reserv mirror current
  without anyone logged in.

.DESCRIPTION
  Task "\LITA Reserv\Synk": runs "LITA Reserv.exe --cli daemon --config <ConfigPath>" as
  SYSTEM at startup, restarts it every minute if it fails (999 times), never stops it for
  running long, and starts it again daily at 03:00 in case it has stopped for good (a
  second copy is never started while one runs). Started at once after registering when
  the config file exists.

  Why a scheduled task and not a Windows service: the app is an Electron program, not a
  service binary (it does not speak to the Service Control Manager), and a wrapper such as
  NSSM or WinSW would be one more third-party program on every emergency PC. Task
  Scheduler is built in, runs without a logged-in user, restarts on failure, and
  `doctor` checks it with schtasks.

  Exit codes: 0 done, 1 failed (the message says why).

.PARAMETER ExePath
  The installed program (default: C:\Program Files\LITA Reserv\LITA Reserv.exe).

.PARAMETER ConfigPath
  The machine config (default: %ProgramData%\LITA Reserv\config.json).

.PARAMETER Unregister
  Stop and remove the task instead.
#>
[CmdletBinding()]
param(
  [string]$ExePath = (Join-Path $env:ProgramFiles 'LITA Reserv\LITA Reserv.exe'),
  [string]$ConfigPath = (Join-Path $env:ProgramData 'LITA Reserv\config.json'),
  [switch]$Unregister
)
$ErrorActionPreference = 'Stop'
$TaskPath = '\LITA Reserv\'
$TaskName = 'Synk'

try {
  $existing = Get-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -ErrorAction SilentlyContinue
  if ($Unregister) {
    if ($existing) {
      Stop-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -ErrorAction SilentlyContinue
      Unregister-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -Confirm:$false
      Write-Output "Tog bort den schemalagda aktiviteten $TaskPath$TaskName."
    }
    exit 0
  }
  if (-not (Test-Path -LiteralPath $ExePath)) { throw "Programmet finns inte: $ExePath" }

  # SYSTEM by its SID: the account's name differs between languages of Windows.
  $system = (New-Object System.Security.Principal.SecurityIdentifier('S-1-5-18')).Translate([System.Security.Principal.NTAccount]).Value
  $action = New-ScheduledTaskAction -Execute $ExePath -Argument "--cli daemon --config `"$ConfigPath`"" -WorkingDirectory (Split-Path -Parent $ExePath)
  $triggers = @(
    (New-ScheduledTaskTrigger -AtStartup),
    (New-ScheduledTaskTrigger -Daily -At '03:00')
  )
  $principal = New-ScheduledTaskPrincipal -UserId $system -LogonType ServiceAccount -RunLevel Highest
  $settings = New-ScheduledTaskSettingsSet `
    -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) `
    -MultipleInstances IgnoreNew `
    -StartWhenAvailable -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
  if ($existing) { Stop-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -ErrorAction SilentlyContinue }
  Register-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -Action $action -Trigger $triggers `
    -Principal $principal -Settings $settings `
    -Description 'LITA Reserv: håller speglingen av styrande dokument aktuell (lita-reserv daemon).' -Force | Out-Null
  if (Test-Path -LiteralPath $ConfigPath) {
    Start-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName
    Write-Output "Registrerade och startade $TaskPath$TaskName (kör som $system)."
  } else {
    # Started without a config it would only fail and be restarted every minute.
    Write-Output "Registrerade $TaskPath$TaskName (kör som $system). Den startar när $ConfigPath finns: vid nästa omstart, eller med schtasks /Run /TN `"$TaskPath$TaskName`"."
  }
  exit 0
} catch {
  Write-Error "Kunde inte registrera tjänsten: $($_.Exception.Message)"
  exit 1
}

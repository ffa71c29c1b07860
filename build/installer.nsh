; LITA Reserv: additions to electron-builder's NSIS installer (nsis.include in
; electron-builder.yml). Kept small on purpose: folders, permissions and the sync service
; are set up by the PowerShell scripts in resources\windows, which IT can also run by hand.
;
; Installer switches (for silent installs: "LITA Reserv-Setup-x.y.z.exe" /S ...):
;   /CONFIG=<path>  copy this config file to %ProgramData%\LITA Reserv\config.json
;                   (replacing the one there); a missing file stops the install, exit code 2
;   /NOSERVICE      do not register the scheduled task that syncs without anyone logged in
; Uninstaller switches ("Uninstall LITA Reserv.exe" /S ...):
;   /REMOVEDATA     also remove the mirror folder, the data folder and %ProgramData%\LITA Reserv;
;                   kept by default (in the interactive uninstaller: an unticked checkbox)

!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define LITA_POWERSHELL '"$WINDIR\System32\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File'

; $R9 := %ProgramData%\LITA Reserv
!macro litaMachineDir
  ReadEnvStr $R9 "PROGRAMDATA"
  ${If} $R9 == ""
    StrCpy $R9 "C:\ProgramData"
  ${EndIf}
  StrCpy $R9 "$R9\LITA Reserv"
!macroend

; Runs a script from the given folder with arguments; the exit code ends up in $R8.
; The installer is 32-bit: 64-bit PowerShell (and its ScheduledTasks module) needs the
; file system redirection off.
!macro litaRunScript DIR SCRIPT ARGS
  ${DisableX64FSRedirection}
  nsExec::ExecToLog '${LITA_POWERSHELL} "${DIR}\${SCRIPT}" ${ARGS}'
  Pop $R8
  ${EnableX64FSRedirection}
  DetailPrint "${SCRIPT}: slutkod $R8"
!macroend

!ifndef BUILD_UNINSTALLER

; Before anything is installed: a /CONFIG that does not exist is an error IT must see.
!macro customInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CONFIG=" $R1
  ${IfNot} ${Errors}
  ${AndIfNot} ${FileExists} "$R1"
    SetErrorLevel 2
    MessageBox MB_ICONSTOP "Konfigurationsfilen finns inte: $R1" /SD IDOK
    Quit
  ${EndIf}
!macroend

!macro customInstall
  !insertmacro litaMachineDir
  CreateDirectory "$R9"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/CONFIG=" $R1
  ${IfNot} ${Errors}
    CopyFiles /SILENT /FILESONLY "$R1" "$R9\config.json"
    DetailPrint "Konfigurationen kopierades till $R9\config.json"
  ${EndIf}
  ; Folders from the config, with their permissions (exit code 3: no config yet, nothing to do).
  !insertmacro litaRunScript "$INSTDIR\resources\windows" "prepare-machine.ps1" '-ConfigPath "$R9\config.json"'
  ClearErrors
  ${GetOptions} $R0 "/NOSERVICE" $R1
  ${If} ${Errors}
    !insertmacro litaRunScript "$INSTDIR\resources\windows" "register-service.ps1" '-ExePath "$INSTDIR\${APP_EXECUTABLE_FILENAME}" -ConfigPath "$R9\config.json"'
  ${EndIf}
!macroend

!else

Var litaRemoveData

; The scripts are copied aside first: the install folder is gone by the time data is removed.
!macro customUnInit
  StrCpy $litaRemoveData "0"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $litaRemoveData "1"
  ${EndIf}
  InitPluginsDir
  CopyFiles /SILENT /FILESONLY "$INSTDIR\resources\windows\*.ps1" "$PLUGINSDIR"
!macroend

; An update runs the old uninstaller: the task and all data stay (the new installer
; registers the task again).
!macro customUnInstall
  ${IfNot} ${isUpdated}
    !insertmacro litaRunScript "$PLUGINSDIR" "register-service.ps1" "-Unregister"
  ${EndIf}
!macroend

!macro customUnInstallSection
  Section /o "un.Ta även bort speglingen, data och konfigurationen" LITA_SECTION_REMOVE_DATA
    StrCpy $litaRemoveData "1"
  SectionEnd

  Section "-un.LITA Reserv data"
    ${If} $litaRemoveData == "1"
    ${AndIfNot} ${isUpdated}
      !insertmacro litaMachineDir
      !insertmacro litaRunScript "$PLUGINSDIR" "prepare-machine.ps1" '-ConfigPath "$R9\config.json" -RemoveData'
    ${EndIf}
  SectionEnd
!macroend

!endif

// The Windows installer pieces that cannot run here. build/installer.nsh is compiled with
// a real makensis (warnings as errors, installer and uninstaller builds) inside a minimal
// stand-in for electron-builder's script; the macro names it defines are checked against
// the ones electron-builder's templates call; the PowerShell scripts are checked for the
// names, switches and settings the rest of the system relies on.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';
import { requireProgram } from '../helpers/systemProgram.js';
import { WINDOWS_TASK_NAME } from '../../sync/doctor/serviceChecks.js';

const nsh = fs.readFileSync(path.join(repoRoot, 'build', 'installer.nsh'), 'utf8');
const windowsDir = path.join(repoRoot, 'build', 'windows');
const registerScript = fs.readFileSync(path.join(windowsDir, 'register-service.ps1'), 'utf8');
const prepareScript = fs.readFileSync(path.join(windowsDir, 'prepare-machine.ps1'), 'utf8');
const templatesDir = path.join(repoRoot, 'node_modules', 'app-builder-lib', 'templates', 'nsis');

const makensis = requireProgram('makensis', 'build/installer.nsh is compiled with it (Debian package nsis)');

function definedMacros(text: string): string[] {
  return [...text.matchAll(/^!macro\s+(\w+)/gm)].map((m) => m[1]!);
}

/** Stands in for electron-builder's generated script around the include. */
function wrapper(outFile: string, uninstaller: boolean): string {
  return `
Unicode true
OutFile "${outFile}"
RequestExecutionLevel user
InstallDir "$PROGRAMFILES64\\LITA Reserv"
!define APP_EXECUTABLE_FILENAME "LITA Reserv.exe"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
; electron-builder defines \${isUpdated} as a LogicLib test of the --updated switch.
!macro _isUpdated _a _b _t _f
  \${GetParameters} $R9
  ClearErrors
  \${GetOptions} $R9 "--updated" $R9
  IfErrors \`\${_f}\` \`\${_t}\`
!macroend
!define isUpdated \`"" isUpdated ""\`
!include "${path.join(repoRoot, 'build', 'installer.nsh')}"
${
  uninstaller
    ? `
Function un.onInit
  !insertmacro customUnInit
FunctionEnd
Section "un.Uninstall"
  !insertmacro customUnInstall
SectionEnd
!insertmacro customUnInstallSection
Section "Install"
  WriteUninstaller "$INSTDIR\\uninstall.exe"
SectionEnd`
    : `
Function .onInit
  !insertmacro customInit
FunctionEnd
Section "Install"
  SetOutPath "$INSTDIR"
  !insertmacro customInstall
SectionEnd`
}
`;
}

describe('build/installer.nsh', () => {
  it.skipIf(!makensis)('compiles without warnings, as installer and as uninstaller', () => {
    const dir = tempDir();
    for (const uninstaller of [false, true]) {
      const script = path.join(dir, uninstaller ? 'uninstaller.nsi' : 'installer.nsi');
      const out = path.join(dir, uninstaller ? 'uninstaller.exe' : 'installer.exe');
      fs.writeFileSync(script, wrapper(out, uninstaller));
      const args = ['-WX', '-V2', ...(uninstaller ? ['-DBUILD_UNINSTALLER'] : []), script];
      try {
        execFileSync(makensis!, args, { stdio: 'pipe' });
      } catch (err) {
        throw new Error(`makensis failed (${uninstaller ? 'uninstaller' : 'installer'}):\n${String((err as { stdout?: Buffer }).stdout)}`);
      }
      expect(fs.statSync(out).size).toBeGreaterThan(10_000);
    }
  });

  it('defines only hooks electron-builder’s templates actually call', () => {
    const templates = fs.readdirSync(templatesDir).filter((f) => /\.(nsi|nsh)$/.test(f)).map((f) => fs.readFileSync(path.join(templatesDir, f), 'utf8')).join('\n');
    const hooks = definedMacros(nsh).filter((m) => m.startsWith('custom'));
    expect(hooks.sort()).toEqual(['customInit', 'customInstall', 'customUnInit', 'customUnInstall', 'customUnInstallSection']);
    for (const hook of hooks) expect(templates, hook).toContain(`!insertmacro ${hook}`);
  });

  it('handles the documented switches and keeps data unless asked', () => {
    for (const s of ['"/CONFIG="', '"/NOSERVICE"', '"/REMOVEDATA"']) expect(nsh).toContain(s);
    expect(nsh).toMatch(/Section \/o "un\.[^"]+" LITA_SECTION_REMOVE_DATA/); // unticked by default
    expect(nsh).toMatch(/\$\{AndIfNot\} \$\{isUpdated\}\s+!insertmacro litaMachineDir\s+!insertmacro litaRunScript "\$PLUGINSDIR" "prepare-machine\.ps1" '[^']*-RemoveData'/);
    expect(nsh).toContain('ReadEnvStr $R9 "PROGRAMDATA"');
    expect(nsh).toContain('"$R9\\config.json"');
    for (const script of nsh.matchAll(/"([\w-]+\.ps1)"/g)) expect(fs.existsSync(path.join(windowsDir, script[1]!)), script[1]).toBe(true);
  });
});

describe('build/windows PowerShell scripts', () => {
  it('registers the task doctor looks for, as SYSTEM, running the daemon without a time limit and restarting on failure', () => {
    const [folder, name] = [WINDOWS_TASK_NAME.slice(0, WINDOWS_TASK_NAME.lastIndexOf('\\') + 1), WINDOWS_TASK_NAME.slice(WINDOWS_TASK_NAME.lastIndexOf('\\') + 1)];
    expect(registerScript).toContain(`$TaskPath = '${folder}'`);
    expect(registerScript).toContain(`$TaskName = '${name}'`);
    expect(registerScript).toContain("SecurityIdentifier('S-1-5-18')");
    expect(registerScript).toContain('--cli daemon --config');
    expect(registerScript).toContain('-ExecutionTimeLimit ([TimeSpan]::Zero)');
    expect(registerScript).toMatch(/-RestartCount \d+ -RestartInterval/);
    expect(registerScript).toContain('-MultipleInstances IgnoreNew');
    expect(registerScript).toContain('New-ScheduledTaskTrigger -AtStartup');
  });

  it('sets folder permissions by well-known SIDs: users read the mirror, only SYSTEM and administrators write it', () => {
    expect(prepareScript).toContain("$System = '*S-1-5-18'");
    expect(prepareScript).toContain("$Administrators = '*S-1-5-32-544'");
    expect(prepareScript).toContain("$Users = '*S-1-5-32-545'");
    expect(prepareScript).toContain('$readable = @("${System}:(OI)(CI)F", "${Administrators}:(OI)(CI)F", "${Users}:(OI)(CI)RX")');
    expect(prepareScript).toContain('@{ Path = $mirrorDir; Grants = $readable }');
    expect(prepareScript).toContain('Set-FolderAcl $MachineDir $readable');
    // The app opens the catalog as the logged-in user: SQLite writes -wal/-shm beside it.
    expect(prepareScript).toContain('@{ Path = $dataDir; Grants = $userWritable }');
    expect(prepareScript).toMatch(/Set-FolderAcl \(Join-Path \$MachineDir 'secrets'\) @\("\$\{System\}:\(OI\)\(CI\)F", "\$\{Administrators\}:\(OI\)\(CI\)F"\)/);
    // Defaults resolve like the app's: relative to the config file's folder.
    expect(prepareScript).toContain("$config.dataDir 'data'");
    expect(prepareScript).toContain("$config.mirrorDir 'Styrande dokument'");
  });

  it('ships the command-line shim with Windows line ends, waiting for the program and passing its exit code', () => {
    const cmd = fs.readFileSync(path.join(windowsDir, 'lita-reserv.cmd'), 'utf8');
    expect(cmd.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(cmd).toContain('start "" /b /wait "%~dp0LITA Reserv.exe" --cli %*');
    expect(cmd).toContain('exit /b %ERRORLEVEL%');
  });
});

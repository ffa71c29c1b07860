@echo off
rem lita-reserv command line on Windows: runs the installed program in its command-line
rem mode and waits for it (the program is a GUI executable, which cmd would not wait for).
rem Usage: lita-reserv doctor, lita-reserv status --json and so on (see the IT guide).
start "" /b /wait "%~dp0LITA Reserv.exe" --cli %*
exit /b %ERRORLEVEL%

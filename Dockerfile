# LiveBoard in a container: build with the .NET SDK (plus Node.js for npm ci), run on the ASP.NET Core runtime image.
#   docker build -t liveboard .
#   docker run -p 8080:8080 -v liveboard-data:/data liveboard
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches the SignalR client and the Noto Sans SC font, which the server serves itself (build/Frontend.targets).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY global.json LiveBoard.sln Directory.Build.props Directory.Packages.props ./
COPY build/ build/
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY displays/ displays/
RUN dotnet publish src/LiveBoard.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The database and the first admin password (data/admin-password.txt) live in /data: mount a volume there.
RUN mkdir /data && chown "$APP_UID" /data
ENV Storage__DataDirectory=/data
VOLUME /data
USER $APP_UID
# The image listens on port 8080 (ASPNETCORE_HTTP_PORTS).
EXPOSE 8080
ENTRYPOINT ["dotnet", "LiveBoard.Server.dll"]
